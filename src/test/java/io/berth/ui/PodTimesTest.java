package io.berth.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pods.PodStatus;
import io.berth.pods.PodView;
import io.berth.pods.StatusRequested;
import io.berth.testing.PodViewBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 21's interface part: time left, idle state and sleeping, as the pages show them. */
class PodTimesTest {
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void aRunningPodShowsItsTimeLeftAndItsIdleState() {
    PodView pod =
        pod(
            StatusRequested.ON,
            PodStatus.AVAILABLE,
            NOW.plus(Duration.ofHours(3).plusMinutes(5)),
            3600,
            NOW.minusSeconds(600),
            null);
    PodTimes times = PodTimes.of(pod, NOW);
    assertThat(times.timeLeft()).isEqualTo("3 h 5 min");
    assertThat(times.idleTimeout()).isEqualTo("1 h");
    assertThat(times.lastActivity()).isEqualTo("10 min ago");
    assertThat(times.idleLeft()).isEqualTo("50 min");
    assertThat(times.sleeping()).isFalse();
    assertThat(times.running()).isTrue();
    assertThat(PodTimes.status(pod)).isEqualTo("AVAILABLE");
  }

  @Test
  void aPodStoppedForIdlenessIsSleepingAndHasNoTimeLeft() {
    PodView pod =
        pod(StatusRequested.OFF, PodStatus.STOPPED, null, 60, NOW.minusSeconds(90), "idle");
    PodTimes times = PodTimes.of(pod, NOW);
    assertThat(times.sleeping()).isTrue();
    assertThat(PodTimes.status(pod)).isEqualTo("SLEEPING");
    assertThat(times.timeLeft()).isNull();
    assertThat(times.idleLeft()).isNull();
    assertThat(times.running()).isFalse();
  }

  @Test
  void aPodStoppedByItsOwnerOrItsTimeToStopIsNotSleeping() {
    assertThat(PodTimes.status(pod(StatusRequested.OFF, PodStatus.STOPPED, null, 60, null, null)))
        .isEqualTo("STOPPED");
    assertThat(
            PodTimes.status(
                pod(StatusRequested.OFF, PodStatus.STOPPED, null, 60, null, "time_to_stop")))
        .isEqualTo("STOPPED");
  }

  @Test
  void aPodThatNeverIdlesOrStopsSaysSo() {
    PodTimes times =
        PodTimes.of(pod(StatusRequested.ON, PodStatus.AVAILABLE, null, -1, null, null), NOW);
    assertThat(times.timeLeft()).isNull();
    assertThat(times.idleTimeout()).isNull();
    assertThat(times.lastActivity()).isNull();
    assertThat(times.running()).isTrue();
  }

  @Test
  void spansUseTheTwoLargestUnits() {
    assertThat(PodTimes.span(Duration.ofSeconds(45))).isEqualTo("45 s");
    assertThat(PodTimes.span(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
    assertThat(PodTimes.span(Duration.ofHours(26))).isEqualTo("1 d 2 h");
    assertThat(PodTimes.span(Duration.ofSeconds(-5))).isEqualTo("now");
  }

  static PodView pod(
      StatusRequested requested,
      PodStatus status,
      Instant stop,
      int idleTimeout,
      Instant lastActivity,
      String stopReason) {
    return PodViewBuilder.of("hello")
        .with("pod_template", "template/hello")
        .with("status_requested", requested)
        .with("status", status)
        .with("time_to_stop_ts", stop)
        .with("url", "http://hello")
        .with("idle_timeout", idleTimeout)
        .with("last_activity_ts", lastActivity)
        .with("stop_reason", stopReason)
        .build();
  }
}
