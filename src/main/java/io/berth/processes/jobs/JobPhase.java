package io.berth.processes.jobs;

/**
 * Where a job is. QUEUED waits for a slot (per-user and site limits); STARTING holds one while its
 * workspace is prepared and its container made; RUNNING once the container is recorded as started.
 * OGC's status shows the first two as {@code accepted}.
 */
public enum JobPhase {
  QUEUED("accepted"),
  STARTING("accepted"),
  RUNNING("running"),
  SUCCESSFUL("successful"),
  FAILED("failed"),
  DISMISSED("dismissed");

  private final String status;

  JobPhase(String status) {
    this.status = status;
  }

  /** OGC's statusCode. */
  public String status() {
    return status;
  }

  public boolean finished() {
    return this == SUCCESSFUL || this == FAILED || this == DISMISSED;
  }

  /** Holds a slot of the per-user and site limits. */
  public boolean active() {
    return this == STARTING || this == RUNNING;
  }
}
