package io.berth.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicTaskTest {

  /** Fails on its first run, as a check meeting a full disk or a closed database would. */
  static final class Counting extends PeriodicTask {
    final AtomicInteger runs = new AtomicInteger();

    Counting() {
      super("berth-test-periodic", Duration.ZERO, Duration.ofMillis(10));
    }

    @Override
    protected void runOnce() {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("first run fails");
      }
    }
  }

  @Test
  void runsEveryPeriodAfterAFailedRunUntilStopped() {
    Counting task = new Counting();
    assertThat(task.isRunning()).isFalse();
    task.start();
    task.start(); // a second start is no second timer
    assertThat(task.isRunning()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> task.runs.get() >= 3);
    task.stop();
    assertThat(task.isRunning()).isFalse();
    int stoppedAt = task.runs.get();
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(1))
        .until(() -> task.runs.get() <= stoppedAt + 1); // one run may have been under way
  }
}
