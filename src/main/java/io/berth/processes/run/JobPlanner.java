package io.berth.processes.run;

import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobPhase;
import io.berth.runtime.ContainerState;
import io.berth.runtime.ObservedJob;
import java.time.Instant;
import java.util.Optional;

/**
 * The job reconciler's decision as a pure function of the job row, its container as the engine sees
 * it, and the time. A container is only ever made for a STARTING job that has none, and a RUNNING
 * job whose container is gone fails: no job runs twice, whatever crashed when.
 */
public final class JobPlanner {
  private JobPlanner() {}

  public static JobDecision decide(Job job, Optional<ObservedJob> observed, Instant now) {
    if (job.dismissRequested() && job.phase() != JobPhase.DISMISSED) {
      return new JobDecision.Dismiss();
    }
    return switch (job.phase()) {
      case SUCCESSFUL, FAILED, DISMISSED ->
          observed.isPresent() ? new JobDecision.Clean() : new JobDecision.Nothing();
      case QUEUED -> new JobDecision.Queued();
      case STARTING ->
          observed.isPresent() ? new JobDecision.Adopt(observed.get()) : new JobDecision.Start();
      case RUNNING -> running(job, observed, now);
    };
  }

  private static JobDecision running(Job job, Optional<ObservedJob> observed, Instant now) {
    if (observed.isEmpty()) {
      return new JobDecision.Lost();
    }
    ObservedJob container = observed.get();
    if (container.state() == ContainerState.EXITED) {
      return new JobDecision.Finish(container);
    }
    Instant deadline = deadline(job);
    return now.isBefore(deadline) ? new JobDecision.Watch(deadline) : new JobDecision.TimeOut();
  }

  static Instant deadline(Job job) {
    Instant started = job.startedTs() != null ? job.startedTs() : job.creationTs();
    return started.plusSeconds(job.timeoutSeconds());
  }
}
