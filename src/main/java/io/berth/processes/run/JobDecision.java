package io.berth.processes.run;

import io.berth.runtime.ObservedJob;
import java.time.Instant;

/** What the job planner decided for one job; the step acts on it. */
public sealed interface JobDecision {
  /** Finished, and nothing of it is left running. */
  record Nothing() implements JobDecision {}

  /** Waiting in the queue for a slot. */
  record Queued() implements JobDecision {}

  /** Holds a slot, no container yet: prepare its workspace and start it. */
  record Start() implements JobDecision {}

  /** Holds a slot and its container exists (started before a crash, say): record it running. */
  record Adopt(ObservedJob container) implements JobDecision {}

  /** Its container runs and has time left. */
  record Watch(Instant deadline) implements JobDecision {}

  /** Its container still runs at its deadline: stop it, the job fails. */
  record TimeOut() implements JobDecision {}

  /** Its container ended: collect outputs and logs, the job succeeds or fails. */
  record Finish(ObservedJob container) implements JobDecision {}

  /** Recorded running, but its container is gone: the job fails, it is not run again. */
  record Lost() implements JobDecision {}

  /** Dismissal asked for: stop and remove what it has, delete its outputs. */
  record Dismiss() implements JobDecision {}

  /** Finished, but its container is still there: remove it. */
  record Clean() implements JobDecision {}
}
