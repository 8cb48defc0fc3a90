package io.berth.ops.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/** A job's schedule: a cron expression read in a zone, or off ({@code -}). */
public record CronSchedule(String expression, ZoneId zone) {
  public static final String OFF = "-";

  public CronSchedule {
    if (!OFF.equals(expression) && !CronExpression.isValidExpression(expression)) {
      throw new IllegalArgumentException(
          "'"
              + expression
              + "' is not a cron expression (six fields, seconds first, or - for off)");
    }
  }

  public boolean off() {
    return OFF.equals(expression);
  }

  /** The first instant strictly after {@code after}, if the job is on. */
  public Optional<Instant> next(Instant after) {
    if (off()) {
      return Optional.empty();
    }
    ZonedDateTime next = CronExpression.parse(expression).next(after.atZone(zone));
    return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
  }

  /** The gap between the next two instants after {@code now}: the schedule's period there. */
  public Optional<Duration> period(Instant now) {
    return next(now).flatMap(first -> next(first).map(second -> Duration.between(first, second)));
  }

  /**
   * Stale: no success for {@code periods} of the schedule since {@code since} (the last success, or
   * when the scheduler started if there has been none).
   */
  public boolean stale(Instant since, Instant now, double periods) {
    return period(now)
        .map(p -> Duration.between(since, now).toMillis() > p.toMillis() * periods)
        .orElse(false);
  }

  /**
   * How long a run holds its lock at least: half the period, at most a minute, so a process whose
   * clock lags a little finds the instant taken.
   */
  public Duration lockAtLeastFor(Instant now) {
    Duration half = period(now).map(p -> p.dividedBy(2)).orElse(Duration.ZERO);
    return half.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : half;
  }
}
