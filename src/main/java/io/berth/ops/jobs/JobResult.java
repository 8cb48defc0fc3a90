package io.berth.ops.jobs;

/** What became of a request to run a job. */
public sealed interface JobResult<T> {

  /** The job ran and did its work; {@code value} is what the work returned. */
  record Succeeded<T>(JobRun run, T value) implements JobResult<T> {}

  /** The job ran and failed; the run's excerpt holds the reason. */
  record Failed<T>(JobRun run, Exception cause) implements JobResult<T> {}

  /** The job did not run here: another process holds its lock, or ran this instant already. */
  record NotRun<T>(String reason) implements JobResult<T> {}
}
