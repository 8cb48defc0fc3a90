package io.berth.ops.backup;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups to keep, as restic's and borg's {@code forget} decide: the newest {@code last}, and
 * the newest backup of each of the newest {@code daily} days, {@code weekly} ISO weeks and {@code
 * monthly} months that have one. A backup kept by several rules counts for each.
 */
record Retention(BackupProperties.Retention policy, ZoneId zone) {

  /** The ids to keep among {@code backups} (any order). */
  Set<String> keep(List<Backup> backups) {
    List<Backup> newestFirst =
        backups.stream()
            .sorted((a, b) -> b.manifest().created().compareTo(a.manifest().created()))
            .toList();
    Set<String> kept = new LinkedHashSet<>();
    newestFirst.stream().limit(policy.keepLast()).forEach(b -> kept.add(b.id()));
    keepNewestPer(
        newestFirst, policy.keepDaily(), t -> t.atZone(zone).toLocalDate().toString(), kept);
    keepNewestPer(
        newestFirst,
        policy.keepWeekly(),
        t -> {
          var d = t.atZone(zone).toLocalDate();
          return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        },
        kept);
    keepNewestPer(
        newestFirst,
        policy.keepMonthly(),
        t -> t.atZone(zone).toLocalDate().withDayOfMonth(1).toString(),
        kept);
    return kept;
  }

  private static void keepNewestPer(
      List<Backup> newestFirst, int periods, Function<Instant, String> period, Set<String> kept) {
    Set<String> seen = new HashSet<>();
    for (Backup backup : newestFirst) {
      if (seen.size() >= periods) {
        return;
      }
      if (seen.add(period.apply(backup.manifest().created()))) {
        kept.add(backup.id());
      }
    }
  }
}
