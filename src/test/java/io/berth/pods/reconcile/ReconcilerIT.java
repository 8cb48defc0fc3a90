package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.auth.Caller;
import io.berth.pods.PodLogs;
import io.berth.pods.PodService;
import io.berth.pods.PodStatus;
import io.berth.pods.PodView;
import io.berth.pods.StatusRequested;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.PodKey;
import io.berth.runtime.ResourceSpec;
import io.berth.testing.NewPods;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestPodSpecs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reconciler against a behavioural fake engine: slow starts, exits, crashes, containers
 * vanishing, missing images, an unreachable engine, deletes, orphans and time_to_stop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReconcilerIT {
  static final Path home = TestDatabase.newHome();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("berth.home", home::toString);
    registry.add("berth.reconciler.interval", () -> "200ms");
    registry.add("berth.reconciler.orphan-grace", () -> "1s");
    registry.add("berth.reconciler.readiness-timeout", () -> "2s");
    registry.add("berth.reconciler.backoff-initial", () -> "300ms");
    registry.add("berth.templates.image-allowlist", () -> "localhost/test/*");
    registry.add("berth.proxy.enabled", () -> "false");
  }

  @TestConfiguration
  static class Fakes {
    @Bean
    @Primary
    FakeRuntime fakeRuntime(MutableClock clock) {
      return new FakeRuntime(clock);
    }

    @Bean
    @Primary
    MutableClock mutableClock() {
      return new MutableClock();
    }
  }

  @Autowired FakeRuntime engine;
  @Autowired MutableClock clock;
  @Autowired PodService pods;
  @Autowired ContainerRuntime runtime;
  @Autowired Clock anyClock;

  final Caller alice = new Caller("default", "alice", Set.of());

  PodView create(String id) {
    return pods.create(alice, NewPods.of(id, "localhost/test/web:1"));
  }

  PodKey key(String id) {
    return new PodKey("default", id);
  }

  void awaitStatus(String id, PodStatus status) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(pods.get(alice, id).status()).isEqualTo(status));
  }

  @Test
  void theFakesAreWired() {
    assertThat(runtime).isSameAs(engine);
    assertThat(anyClock).isSameAs(clock);
  }

  @Test
  void podBecomesAvailableOnlyWhenItsPortAnswers() {
    engine.readyAfter(Duration.ofMillis(800));
    try {
      create("slowpod");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> pods.get(alice, "slowpod").status() == PodStatus.CREATING);
      awaitStatus("slowpod", PodStatus.AVAILABLE);
      assertThat(engine.applies(key("slowpod"))).isEqualTo(1);
      assertThat(pods.get(alice, "slowpod").startInstanceTs()).isNotNull();
      assertThat(pods.get(alice, "slowpod").timeToStopTs()).isNotNull();
    } finally {
      engine.readyAfter(Duration.ZERO);
    }
  }

  @Test
  void aPodComesUpWithoutTheEngineAskedAboutItsContainerAlone() {
    // at scale every call counts: a new pod is created without a look first, and the full passes
    // during and right after its round use their listing instead of asking about it again
    engine.holdApplies();
    try {
      create("quietpod");
      await().atMost(Duration.ofSeconds(5)).until(() -> engine.changing() == 1);
      awaitPasses(3); // while its container is being made
    } finally {
      engine.releaseApplies();
    }
    awaitStatus("quietpod", PodStatus.AVAILABLE);
    awaitPasses(3);
    assertThat(engine.observes(key("quietpod"))).isZero();
    assertThat(engine.applies(key("quietpod"))).isEqualTo(1);
  }

  void awaitPasses(int passes) {
    int until = engine.listings() + passes;
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.listings() >= until);
  }

  @Test
  void stopStartAndRestart() {
    create("cyclepod");
    awaitStatus("cyclepod", PodStatus.AVAILABLE);
    pods.requestStatus(alice, "cyclepod", StatusRequested.OFF);
    awaitStatus("cyclepod", PodStatus.STOPPED);
    assertThat(engine.has(key("cyclepod"))).isFalse();
    pods.requestStatus(alice, "cyclepod", StatusRequested.ON);
    awaitStatus("cyclepod", PodStatus.AVAILABLE);
    assertThat(engine.applies(key("cyclepod"))).isEqualTo(2);
    pods.requestStatus(alice, "cyclepod", StatusRequested.RESTART);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> {
          assertThat(engine.applies(key("cyclepod"))).isEqualTo(3);
          PodView pod = pods.get(alice, "cyclepod");
          assertThat(pod.statusRequested()).isEqualTo(StatusRequested.ON);
          assertThat(pod.status()).isEqualTo(PodStatus.AVAILABLE);
        });
    PodLogs logs = pods.logs(alice, "cyclepod");
    assertThat(logs.logs()).contains("output of cyclepod");
    assertThat(logs.actionLogs())
        .anySatisfy(l -> assertThat(l).contains("STOPPED"))
        .anySatisfy(l -> assertThat(l).contains("restart"));
  }

  @Test
  void containerRemovedBehindBerthsBackComesBackWithARestartCount() {
    create("vanishpod");
    awaitStatus("vanishpod", PodStatus.AVAILABLE);
    engine.vanish(key("vanishpod"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> {
          PodView pod = pods.get(alice, "vanishpod");
          assertThat(pod.status()).isEqualTo(PodStatus.AVAILABLE);
          assertThat(pod.statusContainer()).containsEntry("restart_count", 1);
        });
    assertThat(engine.has(key("vanishpod"))).isTrue();
    assertThat(pods.logs(alice, "vanishpod").actionLogs())
        .anySatisfy(l -> assertThat(l).contains("disappeared"));
  }

  @Test
  void exitCodeZeroCompletesAndOtherCodesAreErrorsThatRestart() {
    create("donepod");
    awaitStatus("donepod", PodStatus.AVAILABLE);
    engine.exit(key("donepod"), 0);
    awaitStatus("donepod", PodStatus.COMPLETE);
    assertThat(engine.has(key("donepod"))).isFalse();

    create("failpod");
    awaitStatus("failpod", PodStatus.AVAILABLE);
    engine.exit(key("failpod"), 3);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() ->
            assertThat(pods.logs(alice, "failpod").actionLogs())
                .anySatisfy(l -> assertThat(l).contains("exited with code 3")));
    awaitStatus("failpod", PodStatus.AVAILABLE);

    create("oompod");
    awaitStatus("oompod", PodStatus.AVAILABLE);
    engine.oom(key("oompod"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() ->
            assertThat(pods.logs(alice, "oompod").actionLogs())
                .anySatisfy(l -> assertThat(l).contains("out of memory")));
  }

  @Test
  void missingImageIsAnErrorWithItsReasonAndIsNotRetried() {
    engine.missingImage("localhost/test/missing:1");
    pods.create(alice, NewPods.of("nopepod", "localhost/test/missing:1"));
    awaitStatus("nopepod", PodStatus.ERROR);
    PodView pod = pods.get(alice, "nopepod");
    assertThat(pod.statusContainer().get("reason").toString()).contains("localhost/test/missing:1");
    int attempts = engine.applies(key("nopepod"));
    await().during(Duration.ofMillis(800)).until(() -> engine.applies(key("nopepod")) == attempts);
  }

  @Test
  void whereTheEngineJudgesReadinessBerthDoesNotProbe() {
    engine.readyAfter(Duration.ofHours(1)); // nothing listens
    engine.engineReady(true);
    try {
      create("kubepod");
      awaitStatus("kubepod", PodStatus.AVAILABLE);
      assertThat(engine.lastSpec(key("kubepod")).readiness().port())
          .isEqualTo(engine.lastSpec(key("kubepod")).ports().get(0).containerPort());
    } finally {
      engine.engineReady(null);
      engine.readyAfter(Duration.ZERO);
    }
  }

  @Test
  void whereTheEngineJudgesReadinessItsNoWinsOverAnAnsweringPort() {
    engine.engineReady(false);
    try {
      create("notready");
      awaitStatus("notready", PodStatus.ERROR);
      assertThat(pods.get(alice, "notready").statusContainer().get("reason").toString())
          .contains("never ready");
    } finally {
      engine.engineReady(null);
    }
  }

  @Test
  void podWhosePortNeverAnswersIsAnError() {
    engine.readyAfter(Duration.ofHours(1));
    try {
      create("deafpod");
      awaitStatus("deafpod", PodStatus.ERROR);
      assertThat(pods.get(alice, "deafpod").statusContainer().get("reason").toString())
          .contains("never ready");
      assertThat(engine.has(key("deafpod"))).isFalse();
    } finally {
      engine.readyAfter(Duration.ZERO);
    }
  }

  @Test
  void unreachableEngineDelaysButLosesNothing() {
    engine.unreachable(true);
    try {
      create("patientpod");
      // waiting for its container (the first call to the engine is the create), never an ERROR
      await()
          .during(Duration.ofMillis(600))
          .until(() ->
              Set.of(PodStatus.REQUESTED, PodStatus.SPAWNER_SETUP)
                  .contains(pods.get(alice, "patientpod").status()));
    } finally {
      engine.unreachable(false);
    }
    awaitStatus("patientpod", PodStatus.AVAILABLE);
  }

  @Test
  void deletedPodLosesItsContainerAndOrphansGoAfterTheGracePeriod() {
    create("gonepod");
    awaitStatus("gonepod", PodStatus.AVAILABLE);
    pods.delete(alice, "gonepod", false);
    await().atMost(Duration.ofSeconds(5)).until(() -> !engine.has(key("gonepod")));

    PodKey stray = new PodKey("default", "straypod");
    engine.plant(
        TestPodSpecs.of(stray, "localhost/test/web:1")
            .generation(99)
            .resources(new ResourceSpec(1, 1, 1, 1, 0))
            .build());
    await().during(Duration.ofMillis(500)).until(() -> engine.has(stray));
    await().atMost(Duration.ofSeconds(5)).until(() -> !engine.has(stray));
  }

  @Test
  void timeToStopStopsThePod() {
    pods.create(alice, NewPods.stoppingAfter("briefpod", "localhost/test/web:1", 300));
    awaitStatus("briefpod", PodStatus.AVAILABLE);
    clock.advance(Duration.ofSeconds(301));
    awaitStatus("briefpod", PodStatus.STOPPED);
    assertThat(pods.get(alice, "briefpod").statusRequested()).isEqualTo(StatusRequested.OFF);
    assertThat(pods.logs(alice, "briefpod").actionLogs())
        .anySatisfy(l -> assertThat(l).contains("time_to_stop"));
  }

  @Test
  void thePodsSpecNamesTheHostsTheProxyRoutesItsHttpEntriesBy() {
    create("hostpod");
    awaitStatus("hostpod", PodStatus.AVAILABLE);
    // what an Ingress in front of the proxy must name (runtime.kubernetes PodIngress)
    assertThat(engine.lastSpec(key("hostpod")).ports())
        .extracting(p -> p.host())
        .containsExactly("hostpod.pods.localhost");
  }
}
