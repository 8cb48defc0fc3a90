package io.berth.processes.run;

import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobEvents;
import io.berth.processes.jobs.JobPhase;
import io.berth.processes.jobs.JobRepository;
import io.berth.processes.jobs.JobResult;
import io.berth.processes.run.JobTimings.Phase;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.JobKey;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.RuntimeFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out the planner's decision for one job. Every action is safe to repeat: the phase moves
 * by compare-and-set, the workspace and container are found again when they exist, and a container
 * is removed only once its job's end is recorded.
 */
@Component
public class JobStep {
  private static final Logger log = LoggerFactory.getLogger(JobStep.class);

  private final JobRepository jobs;
  private final ContainerRuntime runtime;
  private final JobWorkspace workspace;
  private final OutputCollector outputs;
  private final JobEvents events;
  private final ProcessesProperties properties;
  private final JobTimings timings;
  private final Clock clock;

  public JobStep(
      JobRepository jobs,
      ContainerRuntime runtime,
      JobWorkspace workspace,
      OutputCollector outputs,
      JobEvents events,
      ProcessesProperties properties,
      JobTimings timings,
      Clock clock) {
    this.jobs = jobs;
    this.runtime = runtime;
    this.workspace = workspace;
    this.outputs = outputs;
    this.events = events;
    this.properties = properties;
    this.timings = timings;
    this.clock = clock;
  }

  /**
   * How a step ended: look again after {@code recheck} (null: no need), whether a slot freed, and,
   * for a job whose container runs, its key and deadline ({@code watched}; null otherwise), so the
   * reconciler can ask the engine to tell when it exits and poll less.
   */
  public record Result(Duration recheck, boolean freedSlot, Watched watched) {
    static Result settled() {
      return new Result(null, false, null);
    }

    static Result again(Duration delay) {
      return new Result(delay.isNegative() ? Duration.ZERO : delay, false, null);
    }

    static Result freed() {
      return new Result(null, true, null);
    }
  }

  /** A running job's container and the time it must have ended by. */
  public record Watched(JobKey key, Instant deadline) {}

  public Result run(Job job, Optional<ObservedJob> observed) {
    Instant now = clock.instant();
    JobDecision decision = JobPlanner.decide(job, observed, now);
    Result result = decide(job, decision, now);
    if (result.freedSlot()) {
      timings.done(job.jobId()); // ended: its phases are all known
    }
    return result;
  }

  private Result decide(Job job, JobDecision decision, Instant now) {
    return switch (decision) {
      case JobDecision.Nothing n -> Result.settled();
      case JobDecision.Queued q -> Result.settled();
      case JobDecision.Start s -> start(job);
      case JobDecision.Adopt a -> {
        jobs.running(job.jobId(), startedAt(a.container(), now), a.container().imageDigest(), now);
        yield Result.again(Duration.ZERO);
      }
      case JobDecision.Watch w ->
          new Result(
              pollDelay(job, now, w.deadline()),
              false,
              new Watched(JobSpecs.key(job), w.deadline()));
      case JobDecision.TimeOut t -> {
        String tail = tail(job);
        runtime.removeJob(JobSpecs.key(job));
        yield fail(
            job,
            "The job ran out of time: stopped after " + job.timeoutSeconds() + " s.",
            OgcException.NO_APPLICABLE_CODE,
            null,
            null,
            tail);
      }
      case JobDecision.Finish f -> finish(job, f.container());
      case JobDecision.Lost l ->
          fail(
              job,
              "The job's container disappeared (removed outside Berth); the job is not run again.",
              OgcException.NO_APPLICABLE_CODE,
              null,
              null,
              null);
      case JobDecision.Dismiss d -> dismiss(job);
      case JobDecision.Clean c -> {
        runtime.removeJob(JobSpecs.key(job));
        yield Result.settled();
      }
    };
  }

  private Result start(Job job) {
    timings.record(job.jobId(), Phase.QUEUE, Duration.between(job.creationTs(), clock.instant()));
    String storageId;
    try {
      storageId = workspace.prepare(job);
    } catch (OgcException e) {
      return fail(job, e.getMessage(), e.type(), null, null, null);
    }
    try {
      long starting = System.nanoTime();
      ObservedJob started = runtime.startJob(JobSpecs.build(job, storageId, properties));
      timings.since(job.jobId(), Phase.CONTAINER, starting);
      Instant now = clock.instant();
      jobs.running(job.jobId(), startedAt(started, now), started.imageDigest(), now);
      log.info(
          "Job {} of {}/{} started (process {})",
          job.jobId(),
          job.tenant(),
          job.owner(),
          job.processId());
      return Result.again(Duration.ofMillis(20));
    } catch (ImageNotFoundException e) {
      return fail(job, e.getMessage(), OgcException.NO_APPLICABLE_CODE, null, null, null);
    } catch (RuntimeFailure e) {
      return fail(
          job,
          "The engine refused the job's container: " + e.getMessage(),
          OgcException.NO_APPLICABLE_CODE,
          null,
          null,
          null);
    }
  }

  private Result finish(Job job, ObservedJob container) {
    JobKey key = JobSpecs.key(job);
    if (container.startedAt() != null && container.finishedAt() != null) {
      timings.record(
          job.jobId(), Phase.RUN, Duration.between(container.startedAt(), container.finishedAt()));
      timings.record(
          job.jobId(), Phase.NOTICE, Duration.between(container.finishedAt(), clock.instant()));
    }
    long collecting = System.nanoTime();
    String tail = tail(job);
    Integer code = container.exitCode();
    String digest = container.imageDigest();
    Result result;
    if (container.oomKilled()) {
      result =
          fail(
              job,
              "The job ran out of memory (OOM killed).",
              OgcException.NO_APPLICABLE_CODE,
              code,
              digest,
              tail);
    } else if (code == null || code != 0) {
      String reason =
          container.error() != null
              ? "The job's container failed: " + container.error()
              : "The process exited with code " + code + lastLine(tail);
      result = fail(job, reason, OgcException.NO_APPLICABLE_CODE, code, digest, tail);
    } else {
      Map<String, JobResult> results;
      try {
        String storageId = workspace.storageId(job);
        results =
            outputs.collect(
                job, storageId, () -> runtime.jobStdout(key, properties.maxStdoutBytes()));
      } catch (OutputCollector.OutputProblem | OgcException e) {
        result =
            fail(
                job,
                "The job's outputs are wrong: " + e.getMessage() + ".",
                OgcException.NO_APPLICABLE_CODE,
                code,
                digest,
                tail);
        return cleanUp(job, result);
      }
      timings.since(job.jobId(), Phase.OUTPUTS, collecting);
      long recording = System.nanoTime();
      jobs.finish(
          job.jobId(),
          JobPhase.SUCCESSFUL,
          "The job finished.",
          null,
          0,
          digest,
          results,
          tail,
          clock.instant());
      events.finished(job.jobId());
      timings.since(job.jobId(), Phase.RECORD, recording);
      log.info(
          "Job {} of {}/{} finished (process {})",
          job.jobId(),
          job.tenant(),
          job.owner(),
          job.processId());
      result = Result.freed();
    }
    return cleanUp(job, result);
  }

  /** Removes the job's container once its end is recorded (a waiting execution has its answer). */
  private Result cleanUp(Job job, Result result) {
    long cleaning = System.nanoTime();
    runtime.removeJob(JobSpecs.key(job));
    timings.since(job.jobId(), Phase.CLEANUP, cleaning);
    timings.done(job.jobId());
    return result;
  }

  private Result dismiss(Job job) {
    runtime.removeJob(JobSpecs.key(job));
    String kept = workspace.delete(job);
    jobs.dismissed(
        job.jobId(),
        kept == null ? "The job was dismissed." : "The job was dismissed; " + kept,
        clock.instant());
    events.finished(job.jobId());
    log.info("Job {} of {}/{} dismissed", job.jobId(), job.tenant(), job.owner());
    return job.phase().active() ? Result.freed() : Result.settled();
  }

  private Result fail(
      Job job, String message, String failure, Integer exitCode, String digest, String tail) {
    jobs.finish(
        job.jobId(),
        JobPhase.FAILED,
        message,
        failure,
        exitCode,
        digest,
        null,
        tail,
        clock.instant());
    events.finished(job.jobId());
    log.info("Job {} of {}/{} failed: {}", job.jobId(), job.tenant(), job.owner(), message);
    return Result.freed();
  }

  private String tail(Job job) {
    try {
      return runtime.jobLog(JobSpecs.key(job), properties.logTailBytes());
    } catch (RuntimeFailure e) {
      return null;
    }
  }

  /** Short jobs are seen ending quickly; long ones are looked at less often. */
  static Duration pollDelay(Job job, Instant now, Instant deadline) {
    Duration ran = Duration.between(job.startedTs() == null ? now : job.startedTs(), now);
    Duration delay =
        ran.compareTo(Duration.ofSeconds(2)) < 0
            ? Duration.ofMillis(25)
            : ran.compareTo(Duration.ofSeconds(10)) < 0
                ? Duration.ofMillis(250)
                : ran.compareTo(Duration.ofSeconds(60)) < 0
                    ? Duration.ofSeconds(1)
                    : Duration.ofSeconds(3);
    Duration left = Duration.between(now, deadline);
    return left.compareTo(delay) < 0 ? left : delay;
  }

  private static Instant startedAt(ObservedJob container, Instant now) {
    return container.startedAt() != null ? container.startedAt() : now;
  }

  private static String lastLine(String tail) {
    if (tail == null || tail.isBlank()) {
      return ".";
    }
    String[] lines = tail.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return ": " + (last.length() > 300 ? last.substring(0, 300) : last);
  }
}
