package io.berth.snapshots;

import io.berth.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * A snapshot's schedule: its {@code cron} (Spring's cron, read in UTC; five fields, minute first,
 * as crontab has them, or six with seconds first, or a macro such as {@code @daily}) and the {@link
 * RetentionPolicy} for the copies it takes. Both empty: a snapshot taken once, by hand.
 */
public record SnapshotSchedule(String cron, RetentionPolicy retention) {
  public static final SnapshotSchedule NONE = new SnapshotSchedule("", RetentionPolicy.KEEP_ALL);

  /** How many upcoming instants are looked at to find a schedule's shortest gap. */
  private static final int GAPS_CHECKED = 24;

  /**
   * The schedule a request gives, checked: a 400 naming {@code cron} for an expression Spring
   * cannot read or one firing more often than {@code minInterval}, and naming {@code
   * retention_policy} for a policy without a cron or with a rule it does not know.
   */
  public static SnapshotSchedule of(String cron, String retention, Duration minInterval) {
    String expression = cron == null ? "" : cron.strip();
    RetentionPolicy policy = RetentionPolicy.parse(retention);
    if (expression.isEmpty()) {
      if (!policy.equals(RetentionPolicy.KEEP_ALL)) {
        throw ApiException.badRequest(
            "Field retention_policy applies to the copies a cron takes: give cron too.");
      }
      return NONE;
    }
    CronExpression parsed = parse(expression);
    Duration gap = shortestGap(parsed);
    if (gap.compareTo(minInterval) < 0) {
      throw ApiException.badRequest(
          "Field cron: '"
              + expression
              + "' takes a snapshot every "
              + gap.toSeconds()
              + " s; this site takes them at most every "
              + minInterval.toSeconds()
              + " s.");
    }
    return new SnapshotSchedule(expression, policy);
  }

  public boolean scheduled() {
    return !cron.isEmpty();
  }

  /** The first instant strictly after {@code after} (empty when the schedule is none or ends). */
  public Optional<Instant> next(Instant after) {
    if (!scheduled()) {
      return Optional.empty();
    }
    ZonedDateTime next = parse(cron).next(after.atZone(ZoneOffset.UTC));
    return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
  }

  /** Crontab's five fields get Spring's leading seconds field (0); six fields and macros stay. */
  private static CronExpression parse(String expression) {
    String spring =
        !expression.startsWith("@") && expression.split("\\s+").length == 5
            ? "0 " + expression
            : expression;
    try {
      return CronExpression.parse(spring);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "Field cron: '"
              + expression
              + "' is not a cron expression ("
              + e.getMessage()
              + "). Give five fields (minute hour day month weekday), six with seconds first,"
              + " or a macro such as @daily; read in UTC.");
    }
  }

  private static Duration shortestGap(CronExpression cron) {
    ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC);
    ZonedDateTime previous = cron.next(at);
    if (previous == null) {
      throw ApiException.badRequest("Field cron: the expression never fires.");
    }
    Duration shortest = null;
    for (int i = 0; i < GAPS_CHECKED; i++) {
      ZonedDateTime next = cron.next(previous);
      if (next == null) {
        break;
      }
      Duration gap = Duration.between(previous, next);
      shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
      previous = next;
    }
    return shortest == null ? Duration.ofDays(365) : shortest;
  }
}
