package io.berth.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-key workers both reconcilers use: one at a time per key, requests coalesced. */
class KeyedWorkQueueTest {
  KeyedWorkQueue<String, String> queue;

  @AfterEach
  void stop() {
    queue.stop(Duration.ofSeconds(5));
  }

  @Test
  void requestsWhileAKeyIsWorkedOnCoalesceIntoOneMoreRound() throws Exception {
    CountDownLatch inFirst = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> hints = new CopyOnWriteArrayList<>();
    AtomicInteger rounds = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    queue =
        new KeyedWorkQueue<>(
            "test",
            (key, hint) -> {
              maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              hints.add(String.valueOf(hint));
              if (rounds.incrementAndGet() == 1) {
                inFirst.countDown();
                hold(release);
              }
              concurrent.decrementAndGet();
              return null;
            });
    queue.start(null, null);
    queue.request("pod", "first");
    assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 50; i++) {
      queue.request("pod", "later" + i);
    }
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.busy() == 0);
    assertThat(rounds).hasValue(2);
    assertThat(maxConcurrent).hasValue(1);
    // the hint rides with the request that started the worker; a later round's may be stale
    assertThat(hints).containsExactly("first", "null");
  }

  @Test
  void keysAreWorkedOnInParallel() throws Exception {
    int keys = 20;
    CountDownLatch allIn = new CountDownLatch(keys);
    CountDownLatch release = new CountDownLatch(1);
    queue =
        new KeyedWorkQueue<>(
            "test",
            (key, hint) -> {
              allIn.countDown();
              hold(release);
              return null;
            });
    queue.start(null, null);
    for (int i = 0; i < keys; i++) {
      queue.request("pod" + i, null);
    }
    // every key's step is running at once: none waits for another
    assertThat(allIn.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(queue.busy()).isEqualTo(keys);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.busy() == 0);
  }

  @Test
  void aStepAsksToRunAgainAtOnceOrLaterAndFailuresDoNotStopTheKey() {
    AtomicInteger rounds = new AtomicInteger();
    queue =
        new KeyedWorkQueue<>(
            "test",
            (key, hint) -> {
              int n = rounds.incrementAndGet();
              if (n == 1) {
                return Duration.ZERO;
              }
              if (n == 2) {
                return Duration.ofMillis(10);
              }
              if (n == 3) {
                throw new IllegalStateException("a bug");
              }
              return null;
            });
    queue.start(null, null);
    queue.request("pod", null);
    await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 3 && queue.busy() == 0);
    queue.request("pod", null);
    await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 4);
  }

  @Test
  void anOfferForAKeyBeingWorkedOnIsLeftToThatRound() throws Exception {
    CountDownLatch inFirst = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> hints = new CopyOnWriteArrayList<>();
    queue =
        new KeyedWorkQueue<>(
            "test",
            (key, hint) -> {
              hints.add(String.valueOf(hint));
              if (hints.size() == 1) {
                inFirst.countDown();
                hold(release);
              }
              return null;
            });
    queue.start(null, null);
    queue.offer("pod", "pass1");
    assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
    queue.offer("pod", "pass2"); // a periodic look while the round runs: no round more
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.busy() == 0);
    assertThat(hints).containsExactly("pass1");
    queue.offer("pod", "pass3"); // idle again: a periodic look starts a round
    await().atMost(Duration.ofSeconds(10)).until(() -> hints.size() == 2);
    assertThat(hints).containsExactly("pass1", "pass3");
  }

  @Test
  void aSlowPeriodicPassHoldsUpNoDelayedRound() throws Exception {
    CountDownLatch passRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger rounds = new AtomicInteger();
    queue =
        new KeyedWorkQueue<>(
            "test", (key, hint) -> rounds.incrementAndGet() == 1 ? Duration.ofMillis(20) : null);
    try {
      queue.start(
          () -> {
            passRunning.countDown();
            hold(release); // a pass that takes long (the engine slow to list under load)
          },
          Duration.ofSeconds(60));
      assertThat(passRunning.await(10, TimeUnit.SECONDS)).isTrue();
      queue.request("pod", null);
      // the round asked for 20 ms later runs while the pass is still going
      await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 2);
    } finally {
      release.countDown();
    }
  }

  @Test
  void nothingRunsOnceStopped() {
    AtomicInteger rounds = new AtomicInteger();
    queue =
        new KeyedWorkQueue<>(
            "test",
            (key, hint) -> {
              rounds.incrementAndGet();
              return null;
            });
    queue.start(null, null);
    queue.stop(Duration.ofSeconds(5));
    queue.request("pod", null);
    assertThat(queue.busy()).isZero();
    assertThat(rounds).hasValue(0);
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
