package io.berth.ops.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static final Instant NOON = Instant.parse("2026-03-10T12:00:00Z");

  @Test
  void nextInstantIsStrictlyAfter() {
    CronSchedule daily = new CronSchedule("0 30 2 * * *", ZoneOffset.UTC);
    assertThat(daily.next(NOON)).contains(Instant.parse("2026-03-11T02:30:00Z"));
    assertThat(daily.next(Instant.parse("2026-03-11T02:30:00Z")))
        .contains(Instant.parse("2026-03-12T02:30:00Z"));
  }

  @Test
  void offHasNoInstantAndIsNeverStale() {
    CronSchedule off = new CronSchedule(CronSchedule.OFF, ZoneOffset.UTC);
    assertThat(off.next(NOON)).isEmpty();
    assertThat(off.stale(NOON.minus(Duration.ofDays(400)), NOON, 2)).isFalse();
  }

  @Test
  void refusesWhatIsNotACronExpression() {
    assertThatThrownBy(() -> new CronSchedule("every day", ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a cron expression");
  }

  @Test
  void staleAfterTheGivenNumberOfPeriods() {
    CronSchedule hourly = new CronSchedule("0 0 * * * *", ZoneOffset.UTC);
    assertThat(hourly.stale(NOON.minus(Duration.ofMinutes(119)), NOON, 2)).isFalse();
    assertThat(hourly.stale(NOON.minus(Duration.ofMinutes(121)), NOON, 2)).isTrue();
  }

  @Test
  void holdsTheLockHalfAPeriodAtMostAMinute() {
    assertThat(new CronSchedule("*/10 * * * * *", ZoneOffset.UTC).lockAtLeastFor(NOON))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(new CronSchedule("0 0 * * * *", ZoneOffset.UTC).lockAtLeastFor(NOON))
        .isEqualTo(Duration.ofMinutes(1));
  }
}
