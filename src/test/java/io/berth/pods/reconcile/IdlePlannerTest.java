package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pods.ContainerStatus;
import io.berth.pods.Pod;
import io.berth.pods.PodObserved;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.runtime.ContainerState;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.testing.FakeClock;
import io.berth.testing.PodDefinitions;
import io.berth.testing.StoredPods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The idle stop as the planner decides it, driven by a fake clock: a serving pod with no traffic
 * for its idle_timeout (plus the proxies' flush lag) is stopped, counted from its last traffic or
 * its start; never with -1, never while it starts.
 */
class IdlePlannerTest {
  static final Duration LAG = Duration.ofSeconds(10);
  final FakeClock clock = new FakeClock();
  final Instant started = clock.instant();

  Pod pod(int idleTimeout, PodStatus status, Instant lastActivity) {
    return pod(idleTimeout, status, lastActivity, null);
  }

  Pod pod(int idleTimeout, PodStatus status, Instant lastActivity, Instant warned) {
    return StoredPods.pod(
        PodDefinitions.of("img").idleTimeout(idleTimeout).build(),
        StatusRequested.ON,
        new PodObserved(
            status,
            ContainerStatus.NONE,
            started.plusSeconds(43200),
            started,
            lastActivity,
            null,
            warned),
        started);
  }

  static Optional<ObservedPod> running() {
    return Optional.of(
        new ObservedPod(
            new PodKey("t", "p1"),
            7,
            "c1",
            ContainerState.RUNNING,
            null,
            false,
            null,
            null,
            null,
            Map.of(),
            List.of()));
  }

  Decision decide(Pod pod) {
    return Planner.decide(pod, running(), clock.instant(), LAG);
  }

  @Test
  void aPodWithoutTrafficStopsOnceItsTimeoutAndTheFlushLagHavePassedSinceItsStart() {
    Pod quiet = pod(600, PodStatus.AVAILABLE, null);
    clock.advance(Duration.ofSeconds(609));
    assertThat(decide(quiet)).isEqualTo(new Decision.Nothing());
    clock.advance(Duration.ofSeconds(1));
    assertThat(decide(quiet)).isEqualTo(new Decision.Idle(started));
  }

  @Test
  void trafficMovesTheIdleStop() {
    clock.advance(Duration.ofSeconds(500));
    Pod used = pod(600, PodStatus.AVAILABLE, clock.instant());
    clock.advance(Duration.ofSeconds(600));
    assertThat(decide(used)).isEqualTo(new Decision.Nothing());
    assertThat(Planner.idleStop(used)).isEqualTo(started.plusSeconds(1100));
    clock.advance(LAG);
    assertThat(decide(used)).isEqualTo(new Decision.Idle(started.plusSeconds(500)));
  }

  @Test
  void trafficOfAnEarlierInstanceDoesNotCount() {
    Pod restarted = pod(600, PodStatus.AVAILABLE, started.minusSeconds(3600));
    assertThat(Planner.lastUse(restarted)).isEqualTo(started);
  }

  @Test
  void minusOneNeverStopsAndAStartingPodIsNotIdle() {
    clock.advance(Duration.ofHours(11)); // within time_to_stop (12 h)
    assertThat(decide(pod(-1, PodStatus.AVAILABLE, null))).isEqualTo(new Decision.Nothing());
    assertThat(Planner.idleStop(pod(-1, PodStatus.AVAILABLE, null))).isNull();
    assertThat(decide(pod(600, PodStatus.CREATING, null))).isInstanceOf(Decision.Probe.class);
  }

  @Test
  void timeToStopStaysTheUpperBound() {
    clock.advance(Duration.ofSeconds(43200));
    Pod busy = pod(600, PodStatus.AVAILABLE, clock.instant());
    assertThat(decide(busy)).isEqualTo(new Decision.TimeUp());
  }

  static final Duration LEAD = Duration.ofMinutes(10);

  Decision decideWarning(Pod pod) {
    return Planner.decide(pod, running(), clock.instant(), LAG, LEAD);
  }

  @Test
  void theOwnerIsWarnedOnceTheLeadTimeBeforeTimeToStop() {
    Instant stop = started.plusSeconds(43200);
    clock.advance(Duration.ofSeconds(43200).minus(LEAD).minusSeconds(1));
    assertThat(decideWarning(pod(-1, PodStatus.AVAILABLE, null))).isEqualTo(new Decision.Nothing());
    clock.advance(Duration.ofSeconds(1));
    assertThat(decideWarning(pod(-1, PodStatus.AVAILABLE, null)))
        .isEqualTo(new Decision.Warn("time_to_stop", stop));
    assertThat(decideWarning(pod(-1, PodStatus.AVAILABLE, null, stop)))
        .as("warned of this stop already")
        .isEqualTo(new Decision.Nothing());
    assertThat(decideWarning(pod(-1, PodStatus.AVAILABLE, null, stop.minusSeconds(3600))))
        .as("a stop moved by an extension is warned of again")
        .isEqualTo(new Decision.Warn("time_to_stop", stop));
  }

  @Test
  void anIdlePodIsWarnedBeforeItsIdleStopAndOnlyOnceIdleHalfItsTimeout() {
    Instant idleStop = started.plusSeconds(3600).plus(LAG);
    clock.advance(Duration.ofSeconds(3600).plus(LAG).minus(LEAD));
    assertThat(decideWarning(pod(3600, PodStatus.AVAILABLE, null)))
        .isEqualTo(new Decision.Warn("idle", idleStop));

    Pod shortTimeout = pod(60, PodStatus.AVAILABLE, clock.instant());
    clock.advance(Duration.ofSeconds(29));
    assertThat(decideWarning(shortTimeout)).isEqualTo(new Decision.Nothing());
    clock.advance(LAG.plusSeconds(1));
    assertThat(decideWarning(shortTimeout)).isInstanceOf(Decision.Warn.class);
  }

  @Test
  void aServingPodsRoundIsAskedForAtItsWarningThenAtItsStop() {
    // the warning window of a short idle_timeout is shorter than a full pass's spacing: seen in
    // IdleStopIT, a pod with idle_timeout 3 stopped without its warning when passes were spaced
    Instant timeUp = started.plusSeconds(43200);
    Instant now = clock.instant();
    assertThat(Planner.nextChange(pod(-1, PodStatus.AVAILABLE, null), now, LAG, LEAD))
        .isEqualTo(timeUp.minus(LEAD));
    assertThat(Planner.nextChange(pod(-1, PodStatus.AVAILABLE, null, timeUp), now, LAG, LEAD))
        .as("warned already: the stop itself")
        .isEqualTo(timeUp);
    Instant idleStop = started.plusSeconds(3600).plus(LAG);
    assertThat(Planner.nextChange(pod(3600, PodStatus.AVAILABLE, null), now, LAG, LEAD))
        .isEqualTo(idleStop.minus(LEAD));
    assertThat(
            Planner.nextChange(
                pod(3600, PodStatus.AVAILABLE, null), idleStop.minusSeconds(1), LAG, LEAD))
        .as("past its warning's moment (warned at this round): the stop")
        .isEqualTo(idleStop);
    assertThat(Planner.nextChange(pod(3600, PodStatus.AVAILABLE, null), idleStop, LAG, LEAD))
        .isNull();
    assertThat(
            Planner.nextChange(
                pod(6, PodStatus.AVAILABLE, now), now, Duration.ZERO, Duration.ofSeconds(30)))
        .as("a 6 s timeout is warned 3 s ahead")
        .isEqualTo(now.plusSeconds(3));
  }
}
