package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.auth.Caller;
import io.berth.pods.PodRepository;
import io.berth.pods.PodService;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.runtime.PodKey;
import io.berth.testing.NewPods;
import io.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reconciler under load, against the behavioural fake engine: engine calls that change
 * containers are bounded and run in parallel, a stop that hangs holds up no other pod, and a
 * talkative pod's output is read from the engine once, kept to its last bytes, partial last line
 * included. Concurrency and bytes are counted, never timed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReconcilerLoadIT {
  static final Path home = TestDatabase.newHome();
  static final int BOUND = 3;
  static final int TAIL = 50_000;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("berth.home", home::toString);
    registry.add("berth.reconciler.interval", () -> "200ms");
    registry.add("berth.reconciler.engine-concurrency", () -> BOUND);
    registry.add("berth.reconciler.log-save-interval", () -> "100ms");
    registry.add("berth.reconciler.log-tail-bytes", () -> TAIL);
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
  @Autowired PodService pods;
  @Autowired PodRepository repository;

  final Caller alice = new Caller("default", "alice", Set.of());

  void create(String id) {
    pods.create(alice, NewPods.of(id, "localhost/test/web:1"));
  }

  PodKey key(String id) {
    return new PodKey("default", id);
  }

  PodStatus status(String id) {
    return pods.get(alice, id).status();
  }

  void awaitStatus(String id, PodStatus status) {
    await().atMost(Duration.ofSeconds(30)).until(() -> status(id) == status);
  }

  /** Deleted by another Berth process (the API role elsewhere): only the full pass learns of it. */
  void deleteElsewhere(String id) {
    repository.delete(repository.find("default", id).orElseThrow(), false, Instant.now());
  }

  @Test
  void stopsThatHangHoldUpNoOtherPod() {
    // as many hanging stops as engine changes may run at once: a grace period takes no one's turn
    List<String> hanging = IntStream.range(0, BOUND).mapToObj(i -> "hangstop" + i).toList();
    for (String id : hanging) {
      create(id);
    }
    for (String id : new String[] {"quickstop", "survivor"}) {
      create(id);
    }
    for (String id : hanging) {
      awaitStatus(id, PodStatus.AVAILABLE);
    }
    awaitStatus("quickstop", PodStatus.AVAILABLE);
    awaitStatus("survivor", PodStatus.AVAILABLE);
    hanging.forEach(id -> engine.slowRemoval(key(id)));
    try {
      hanging.forEach(this::deleteElsewhere);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> hanging.stream().allMatch(id -> engine.removing(key(id))));
      deleteElsewhere("quickstop");
      engine.vanish(key("survivor")); // a crash only the full pass notices
      create("newcomer");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> {
            assertThat(engine.has(key("quickstop"))).isFalse();
            assertThat(status("newcomer")).isEqualTo(PodStatus.AVAILABLE);
            assertThat(engine.has(key("survivor"))).isTrue();
            assertThat(status("survivor")).isEqualTo(PodStatus.AVAILABLE);
          });
      assertThat(hanging).as("still stopping").allMatch(id -> engine.has(key(id)));
    } finally {
      hanging.forEach(id -> engine.finishRemoving(key(id)));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> hanging.stream().noneMatch(id -> engine.has(key(id))));
  }

  @Test
  void engineChangesAreBoundedYetRunInParallel() {
    int pods = 4 * BOUND;
    engine.holdApplies();
    engine.resetMostChanging();
    try {
      IntStream.range(0, pods).forEach(i -> create("burst" + i));
      // every pod's worker is at its create call: all wait for the engine, BOUND of them in it
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() ->
              IntStream.range(0, pods)
                  .allMatch(i -> status("burst" + i) == PodStatus.SPAWNER_SETUP));
      await().atMost(Duration.ofSeconds(5)).until(() -> engine.changing() == BOUND);
    } finally {
      engine.releaseApplies();
    }
    IntStream.range(0, pods).forEach(i -> awaitStatus("burst" + i, PodStatus.AVAILABLE));
    assertThat(engine.mostChanging()).isEqualTo(BOUND);
  }

  @Test
  void aTalkativePodsOutputIsReadIncrementallyAndItsLastBytesKept() {
    create("chatty");
    awaitStatus("chatty", PodStatus.AVAILABLE);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> pods.logs(alice, "chatty").logs().equals("output of chatty\n"));
    String line = "x".repeat(999) + "\n";
    int lines = 0;
    long served = engine.outputServed(key("chatty"));
    // a little at a time, then a burst past the point where the pod is followed
    for (int round = 1; round <= 5; round++) {
      for (int i = 0; i < 5; i++) {
        engine.print(key("chatty"), line);
      }
      lines += 5;
      int printed = 17 + lines * 1000;
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> pods.logs(alice, "chatty").logs().length() == Math.min(TAIL, printed));
    }
    engine.print(key("chatty"), line.repeat(1100));
    lines += 1100;
    engine.print(key("chatty"), line.repeat(20));
    lines += 20;
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> pods.logs(alice, "chatty").logs().equals(line.repeat(TAIL / 1000)));
    // followed now: nothing is asked of the engine again while the pod says nothing
    long afterBurst = engine.outputServed(key("chatty"));
    await()
        .during(Duration.ofSeconds(1))
        .until(() -> engine.outputServed(key("chatty")) == afterBurst);
    long printedWithTimes = lines * (1000L + 21);
    assertThat(afterBurst - served).isLessThan(3 * printedWithTimes);

    engine.print(key("chatty"), "and no newline at the end");
    pods.requestStatus(alice, "chatty", StatusRequested.OFF);
    awaitStatus("chatty", PodStatus.STOPPED);
    assertThat(pods.logs(alice, "chatty").logs())
        .hasSize(TAIL)
        .endsWith("x\nand no newline at the end");
  }

  @Test
  void anEndedContainersLastOutputIsKept() {
    create("lastwords");
    awaitStatus("lastwords", PodStatus.AVAILABLE);
    engine.print(key("lastwords"), "fatal: out of cheese");
    engine.exit(key("lastwords"), 3);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> pods.logs(alice, "lastwords").logs().endsWith("fatal: out of cheese"));
  }
}
