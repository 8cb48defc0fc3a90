package io.berth.processes.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * A job as stored: who asked for what (the process as it was, the checked request), whether its
 * dismissal was asked for, and what happened: phase, message, the image digest it ran, its exit
 * code, results and the tail of its output. {@code failure} is OGC's exception type of a failed job
 * ({@code InvalidParameterValue} when its inputs were at fault, else {@code NoApplicableCode}).
 */
public record Job(
    String jobId,
    String tenant,
    String owner,
    String processId,
    ProcessSnapshot process,
    ExecuteRequest request,
    JobPhase phase,
    boolean dismissRequested,
    String message,
    String failure,
    String outputVolume,
    String imageDigest,
    Integer exitCode,
    Map<String, JobResult> results,
    String log,
    int timeoutSeconds,
    Instant creationTs,
    Instant startedTs,
    Instant finishedTs,
    Instant updateTs) {

  /** What OGC calls its status; a dismissal asked for shows at once. */
  public String status() {
    return dismissRequested ? JobPhase.DISMISSED.status() : phase.status();
  }

  /** Whether the reconciler still has work on it. */
  public boolean pending() {
    return !phase.finished() || (dismissRequested && phase != JobPhase.DISMISSED);
  }
}
