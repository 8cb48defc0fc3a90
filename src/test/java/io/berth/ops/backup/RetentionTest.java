package io.berth.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionTest {

  /** One backup a day at 02:30 for 100 days up to 2026-04-10 (a Friday), plus two extra today. */
  private static List<Backup> daily() {
    List<Backup> backups = new ArrayList<>();
    Instant last = Instant.parse("2026-04-10T02:30:00Z");
    for (int i = 0; i < 100; i++) {
      backups.add(backup(last.minus(Duration.ofDays(i))));
    }
    backups.add(backup(Instant.parse("2026-04-10T09:00:00Z")));
    backups.add(backup(Instant.parse("2026-04-10T12:00:00Z")));
    return backups;
  }

  @Test
  void keepsLastDailyWeeklyAndMonthly() {
    Retention retention = new Retention(new BackupProperties.Retention(2, 3, 2, 3), ZoneOffset.UTC);

    assertThat(retention.keep(daily()))
        .containsExactlyInAnyOrder(
            // last 2
            id("2026-04-10T12:00:00Z"),
            id("2026-04-10T09:00:00Z"),
            // daily 3: newest of 04-10 (kept already), 04-09, 04-08
            id("2026-04-09T02:30:00Z"),
            id("2026-04-08T02:30:00Z"),
            // weekly 2: newest of ISO week 15 (04-10), of week 14 (Sunday 04-05)
            id("2026-04-05T02:30:00Z"),
            // monthly 3: newest of April (04-10), March (03-31), February (02-28)
            id("2026-03-31T02:30:00Z"),
            id("2026-02-28T02:30:00Z"));
  }

  @Test
  void keepsEverythingWhenThereIsLittle() {
    Retention retention = new Retention(new BackupProperties.Retention(3, 7, 4, 6), ZoneOffset.UTC);
    List<Backup> two = daily().subList(0, 2);

    assertThat(retention.keep(two)).hasSize(2);
  }

  @Test
  void keepLastOnlyKeepsTheNewest() {
    Retention retention = new Retention(new BackupProperties.Retention(1, 0, 0, 0), ZoneOffset.UTC);

    assertThat(retention.keep(daily())).containsExactly(id("2026-04-10T12:00:00Z"));
  }

  private static Backup backup(Instant created) {
    String id = BackupWriter.ID.format(created);
    return new Backup(
        id,
        Path.of("/backups", id),
        new Manifest(1, "t", "40", "h2", created, true, true, Map.of(), List.of()));
  }

  private static String id(String instant) {
    return BackupWriter.ID.format(Instant.parse(instant));
  }
}
