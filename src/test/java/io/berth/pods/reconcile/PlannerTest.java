package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pods.Pod;
import io.berth.pods.PodObserved;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.runtime.ContainerState;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.testing.PodDefinitions;
import io.berth.testing.StoredPods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  static Pod pod(StatusRequested requested, PodStatus status, Map<String, Object> container) {
    return StoredPods.pod(
        PodDefinitions.plain(),
        requested,
        new PodObserved(status, StoredPods.container(container), null, null, null, null, null),
        NOW);
  }

  static Optional<ObservedPod> container(long generation, ContainerState state, Integer exit) {
    return Optional.of(
        new ObservedPod(
            new PodKey("t", "p1"),
            generation,
            "c1",
            state,
            exit,
            false,
            null,
            NOW,
            null,
            Map.of(),
            List.of()));
  }

  @Test
  void onWithoutContainerCreates() {
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.REQUESTED, Map.of()), Optional.empty(), NOW))
        .isInstanceOf(Decision.Create.class);
  }

  @Test
  void onlyAPodAwaitingItsFirstContainerIsCreatedWithoutAskingTheEngine() {
    Map<String, Object> none = Map.of();
    assertThat(Planner.createsBlind(pod(StatusRequested.ON, PodStatus.REQUESTED, none), NOW))
        .isTrue();
    // cut short mid-create: the runtime's apply adopts or replaces what it left
    assertThat(Planner.createsBlind(pod(StatusRequested.ON, PodStatus.SPAWNER_SETUP, none), NOW))
        .isTrue();
    // an instance was recorded: whether it runs, exited or vanished decides, so the engine is asked
    Map<String, Object> started = Map.of("instance_generation", 7);
    assertThat(Planner.createsBlind(pod(StatusRequested.ON, PodStatus.CREATING, started), NOW))
        .isFalse();
    assertThat(Planner.createsBlind(pod(StatusRequested.ON, PodStatus.REQUESTED, started), NOW))
        .isFalse();
    // off, restarting, or never to start again: a container present changes what is done
    assertThat(Planner.createsBlind(pod(StatusRequested.OFF, PodStatus.REQUESTED, none), NOW))
        .isFalse();
    assertThat(Planner.createsBlind(pod(StatusRequested.RESTART, PodStatus.REQUESTED, none), NOW))
        .isFalse();
    assertThat(Planner.createsBlind(pod(StatusRequested.ON, PodStatus.AVAILABLE, none), NOW))
        .isFalse();
    assertThat(
            Planner.createsBlind(
                pod(StatusRequested.ON, PodStatus.SPAWNER_SETUP, Map.of("terminal", true)), NOW))
        .isFalse();
  }

  @Test
  void runningButNotYetAvailableIsProbed() {
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.CREATING, Map.of()),
                container(7, ContainerState.RUNNING, null),
                NOW))
        .isInstanceOf(Decision.Probe.class);
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.AVAILABLE, Map.of()),
                container(7, ContainerState.RUNNING, null),
                NOW))
        .isInstanceOf(Decision.Nothing.class);
  }

  @Test
  void containerOfAnotherPodOfTheSameIdIsReplaced() {
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.REQUESTED, Map.of()),
                container(3, ContainerState.RUNNING, null),
                NOW))
        .isInstanceOf(Decision.Replace.class);
    // an older generation this pod itself started stays until a restart
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.AVAILABLE, Map.of("instance_generation", 3)),
                container(3, ContainerState.RUNNING, null),
                NOW))
        .isInstanceOf(Decision.Nothing.class);
  }

  @Test
  void exitsBecomeCompleteOrCrashes() {
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.AVAILABLE, Map.of()),
                container(7, ContainerState.EXITED, 0),
                NOW))
        .isEqualTo(new Decision.Complete(0));
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.AVAILABLE, Map.of()),
                container(7, ContainerState.EXITED, 2),
                NOW))
        .isInstanceOfSatisfying(
            Decision.Crashed.class, c -> assertThat(c.reason()).contains("code 2"));
  }

  @Test
  void vanishedContainerIsACrashAndBackoffIsWaitedOut() {
    Map<String, Object> started = Map.of("instance_generation", 7);
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.AVAILABLE, started), Optional.empty(), NOW))
        .isInstanceOf(Decision.Crashed.class);
    Map<String, Object> waiting =
        Map.of(
            "instance_generation",
            7,
            "restart_count",
            1,
            "next_restart_ts",
            NOW.plusSeconds(5).toString());
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.ERROR, waiting), Optional.empty(), NOW))
        .isEqualTo(new Decision.WaitUntil(NOW.plusSeconds(5)));
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.ERROR, waiting),
                Optional.empty(),
                NOW.plusSeconds(6)))
        .isInstanceOf(Decision.Create.class);
  }

  @Test
  void terminalErrorsAndCompletedPodsWait() {
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.ERROR, Map.of("terminal", true)),
                Optional.empty(),
                NOW))
        .isInstanceOf(Decision.Nothing.class);
    assertThat(
            Planner.decide(
                pod(StatusRequested.ON, PodStatus.COMPLETE, Map.of()), Optional.empty(), NOW))
        .isInstanceOf(Decision.Nothing.class);
  }

  @Test
  void offAndRestart() {
    assertThat(
            Planner.decide(
                pod(StatusRequested.OFF, PodStatus.AVAILABLE, Map.of()),
                container(7, ContainerState.RUNNING, null),
                NOW))
        .isEqualTo(new Decision.Stop(false));
    assertThat(
            Planner.decide(
                pod(StatusRequested.OFF, PodStatus.DELETING, Map.of()), Optional.empty(), NOW))
        .isInstanceOf(Decision.MarkStopped.class);
    assertThat(
            Planner.decide(
                pod(StatusRequested.OFF, PodStatus.STOPPED, Map.of()), Optional.empty(), NOW))
        .isInstanceOf(Decision.Nothing.class);
    assertThat(
            Planner.decide(
                pod(StatusRequested.RESTART, PodStatus.AVAILABLE, Map.of()),
                container(7, ContainerState.RUNNING, null),
                NOW))
        .isEqualTo(new Decision.Stop(true));
    assertThat(
            Planner.decide(
                pod(StatusRequested.RESTART, PodStatus.STOPPED, Map.of()), Optional.empty(), NOW))
        .isInstanceOf(Decision.SwitchOn.class);
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    Duration initial = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(30);
    ContainerRecord first = ContainerRecord.EMPTY;
    assertThat(Planner.backoff(first, NOW, initial, max)).isEqualTo(Duration.ofSeconds(1));
    ContainerRecord third =
        new ContainerRecord(7L, 3, null, null, null, NOW.minusSeconds(5), false);
    assertThat(Planner.backoff(third, NOW, initial, max)).isEqualTo(Duration.ofSeconds(8));
    ContainerRecord many =
        new ContainerRecord(7L, 40, null, null, null, NOW.minusSeconds(5), false);
    assertThat(Planner.backoff(many, NOW, initial, max)).isEqualTo(max);
    ContainerRecord longAgo =
        new ContainerRecord(7L, 40, null, null, null, NOW.minusSeconds(3600), false);
    assertThat(Planner.backoff(longAgo, NOW, initial, max)).isEqualTo(initial);
  }
}
