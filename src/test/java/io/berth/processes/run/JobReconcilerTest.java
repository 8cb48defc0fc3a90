package io.berth.processes.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobPhase;
import io.berth.processes.jobs.JobRepository;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.JobKey;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A running job's end comes from the engine's exit event, not from polling it. */
class JobReconcilerTest {
  static final Instant NOW = Instant.now();
  static final Job RUNNING =
      new Job(
          "j1",
          "t",
          "u",
          "echo",
          null,
          null,
          JobPhase.RUNNING,
          false,
          null,
          null,
          "v",
          null,
          null,
          Map.of(),
          null,
          3600,
          NOW,
          NOW,
          null,
          NOW);

  /** One registered wait: what to call when the container exits, or when the wait fails. */
  record Watch(JobKey key, Runnable onExit, Runnable onFailure) {}

  final List<Watch> watches = new CopyOnWriteArrayList<>();
  final List<Long> rounds = new CopyOnWriteArrayList<>();

  final JobRepository jobs =
      new JobRepository(null, null) {
        @Override
        public Optional<Job> find(String jobId) {
          return Optional.of(RUNNING);
        }

        @Override
        public List<Job> pending() {
          return List.of();
        }

        @Override
        public Map<String, Long> activeByOwner() {
          return Map.of();
        }

        @Override
        public List<Job> queued(int limit) {
          return List.of();
        }
      };

  /** Every round the container still runs: the step asks for a look after 25 ms, as it polls. */
  final JobStep step =
      new JobStep(null, null, null, null, null, null, null, null) {
        @Override
        public Result run(Job job, Optional<ObservedJob> observed) {
          rounds.add(System.nanoTime());
          return new Result(
              Duration.ofMillis(25),
              false,
              new Watched(new JobKey("t", "j1"), Instant.now().plusSeconds(3600)));
        }
      };

  final JobReconciler reconciler =
      new JobReconciler(
          jobs,
          new WaitingRuntime(),
          step,
          new ProcessesProperties(
              null, null, null, null, null, null, null, null, null, null, null, null, null, null,
              null, null, null, null, null, null, null),
          Clock.systemUTC(),
          true,
          Duration.ofHours(1));

  @AfterEach
  void stop() {
    reconciler.stop();
  }

  @Test
  void aRunningJobIsWokenByItsExitAndNotPolledMeanwhile() {
    reconciler.start();
    reconciler.jobChanged("j1");
    await().atMost(Duration.ofSeconds(5)).until(() -> watches.size() == 1);
    assertThat(rounds).hasSize(1);

    watches.get(0).onExit().run();
    await().atMost(Duration.ofSeconds(5)).until(() -> rounds.size() == 2);
    assertThat(Duration.ofNanos(rounds.get(1) - rounds.get(0)))
        .as("woken by the exit, not by the next look")
        .isLessThan(JobReconciler.WATCHED_POLL);
    await().atMost(Duration.ofSeconds(5)).until(() -> watches.size() == 2);

    // meanwhile the engine is not polled every 25 ms (24 more rounds in 600 ms), only looked at
    // now and then (each earlier round's look, 1 s after it, may come in this time)
    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(3))
        .until(() -> rounds.size() < 8);
  }

  @Test
  void aFailedWaitIsAskedForAgainAtTheNextLookNotAtOnce() {
    reconciler.start();
    reconciler.jobChanged("j1");
    await().atMost(Duration.ofSeconds(5)).until(() -> watches.size() == 1);

    watches.get(0).onFailure().run();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> watches.size() == 2); // the next look registers a new wait
    assertThat(Duration.ofNanos(rounds.get(1) - rounds.get(0)))
        .isGreaterThanOrEqualTo(JobReconciler.WATCHED_POLL.minusMillis(50));
  }

  /** A runtime whose only job feature here is the exit wait. */
  final class WaitingRuntime implements ContainerRuntime {
    @Override
    public boolean watchJobExit(JobKey key, Runnable onExit, Runnable onFailure) {
      watches.add(new Watch(key, onExit, onFailure));
      return true;
    }

    @Override
    public Optional<ObservedJob> observeJob(JobKey key) {
      return Optional.empty();
    }

    @Override
    public List<ObservedJob> observeJobs() {
      return List.of();
    }

    @Override
    public ObservedPod apply(PodSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ObservedPod> observe(PodKey key) {
      return Optional.empty();
    }

    @Override
    public List<ObservedPod> observeAll() {
      return List.of();
    }

    @Override
    public void remove(PodKey key) {}

    @Override
    public OutputChunk readOutput(ObservedPod container, OutputCursor from) {
      throw new UnsupportedOperationException();
    }

    @Override
    public OutputFollower followOutput(ObservedPod container, OutputCursor from, OutputSink sink) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String name() {
      return "waiting";
    }
  }
}
