package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pods.ActionLog;
import io.berth.pods.ContainerStatus;
import io.berth.pods.LifetimeProperties;
import io.berth.pods.Pod;
import io.berth.pods.PodActivityStore;
import io.berth.pods.PodObserved;
import io.berth.pods.PodRepository;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.runtime.PodKey;
import io.berth.templates.TemplateCatalog;
import io.berth.testing.FakeClock;
import io.berth.testing.MemoryDatabase;
import io.berth.testing.PodDefinitions;
import io.berth.testing.StoredPods;
import io.berth.testing.SuppliedClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The idle stop decided on a row read before the engine was asked about the container (seconds
 * under load): traffic the proxy flushed meanwhile, or a changed idle_timeout, keeps the pod
 * running; the next round, on the fresh row, stops it only once it is idle again. Seen in
 * IdleStopIT on a loaded machine: an HTTP pod in use every 0.5 s was stopped for idleness.
 */
class IdleStopRaceTest {
  static final PodKey KEY = StoredPods.KEY;
  final FakeClock clock = new FakeClock();
  final Instant started = clock.instant();
  final JdbcClient jdbc = MemoryDatabase.migrated();
  final JsonMapper json = JsonMapper.builder().build();
  final PodRepository pods = new PodRepository(jdbc, json);
  final PodActivityStore activity = new PodActivityStore(jdbc);
  final LifetimeProperties lifetime =
      new LifetimeProperties(Duration.ofMillis(300), null, null, Duration.ZERO, null);
  final PodStep step =
      new PodStep(
          null,
          new ObservedStateStore(jdbc, json, new ActionLog(jdbc), event -> {}),
          null,
          null,
          null,
          null,
          null,
          null,
          new ReconcileMetrics(new SimpleMeterRegistry()),
          null,
          null,
          clock,
          null,
          lifetime,
          null);

  Pod pod(int idleTimeout) {
    return StoredPods.pod(
        PodDefinitions.of("img").idleTimeout(idleTimeout).build(),
        StatusRequested.ON,
        new PodObserved(
            PodStatus.AVAILABLE, ContainerStatus.NONE, null, started, started, null, null),
        started);
  }

  String requested() {
    return pods.find(KEY.tenant(), KEY.podId()).orElseThrow().statusRequested().name();
  }

  @Test
  void trafficFlushedAfterTheRowWasReadKeepsThePodRunning() {
    Pod read = pod(3);
    pods.insert(read);
    clock.advance(Duration.ofSeconds(10)); // the engine was slow to answer about the container
    activity.record(Map.of(KEY, started.plusSeconds(9)));

    step.run(read, IdlePlannerTest.running());
    assertThat(requested()).isEqualTo("ON");

    // read again: idle since its last traffic, stopped once its timeout and the flush lag passed
    Pod fresh = pods.find(KEY.tenant(), KEY.podId()).orElseThrow();
    assertThat(Planner.idleStop(fresh)).isEqualTo(started.plusSeconds(12));
    clock.advance(Duration.ofMillis(2300));
    step.run(fresh, IdlePlannerTest.running());
    assertThat(requested()).isEqualTo("OFF");
    assertThat(pods.find(KEY.tenant(), KEY.podId()).orElseThrow().observed().stopReason())
        .isEqualTo("idle");
  }

  @Test
  void becomingAvailableCountsAsUseAtTheMomentItAnswersNotAtTheRoundsStart() {
    Pod starting = pod(3);
    starting =
        new Pod(
            KEY,
            starting.definition(),
            StatusRequested.ON,
            new PodObserved(
                PodStatus.CREATING, ContainerStatus.NONE, null, started, null, null, null),
            7,
            started,
            started,
            "alice",
            "p1uid");
    pods.insert(starting);
    TemplateCatalog templates = Mockito.mock(TemplateCatalog.class);
    Mockito.when(templates.find(Mockito.any())).thenReturn(Optional.empty());
    Clock slow = // every reading 5 s later: the round's engine calls took that long
        new SuppliedClock(() -> {
          clock.advance(Duration.ofSeconds(5));
          return clock.instant();
        });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PodStep probing =
        new PodStep(
            null,
            new ObservedStateStore(jdbc, json, new ActionLog(jdbc), event -> {}),
            null,
            templates,
            null,
            null,
            null,
            null,
            new ReconcileMetrics(registry),
            null,
            null,
            slow,
            null,
            lifetime,
            null);

    probing.run(starting, IdlePlannerTest.running());
    Pod available = pods.find(KEY.tenant(), KEY.podId()).orElseThrow();
    assertThat(available.status()).isEqualTo(PodStatus.AVAILABLE);
    assertThat(available.observed().lastActivityTs()).isEqualTo(started.plusSeconds(10));
    // and the time to spawn it runs until it answered, too
    assertThat(registry.get("berth.pod.spawn.duration").timer().max(TimeUnit.SECONDS))
        .isEqualTo(10.0);
  }

  @Test
  void anIdleTimeoutChangedAfterTheRowWasReadKeepsThePodRunning() {
    pods.insert(pod(-1));
    Pod read = pod(3); // read with 3 s; the owner set -1 (never) since
    clock.advance(Duration.ofSeconds(10));

    step.run(read, IdlePlannerTest.running());
    assertThat(requested()).isEqualTo("ON");
  }
}
