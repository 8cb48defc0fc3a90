package io.berth.pods.reconcile;

import java.time.Instant;

/** What one reconcile step decided for one pod. The planner decides; the executor acts. */
public sealed interface Decision {
  /** Desired and observed agree. */
  record Nothing() implements Decision {}

  /** Create (or adopt and start) the container for the pod's current generation. */
  record Create() implements Decision {}

  /** A container of another generation or another pod of the same id: replace it. */
  record Replace() implements Decision {}

  /** The container runs: check whether its service answers yet. */
  record Probe(Instant startedAt) implements Decision {}

  /** Stop and remove the container; then STOPPED, or ON again when restarting. */
  record Stop(boolean thenStart) implements Decision {}

  /** Nothing runs and nothing should: record STOPPED. */
  record MarkStopped() implements Decision {}

  /** A restart with nothing running: ask for ON. */
  record SwitchOn() implements Decision {}

  /** time_to_stop_ts has passed: ask for OFF. */
  record TimeUp() implements Decision {}

  /** No traffic reached the pod for its idle_timeout since {@code since}: ask for OFF. */
  record Idle(Instant since) implements Decision {}

  /**
   * The pod stops at {@code stopAt} ({@code reason}: idle or time_to_stop) within the warning's
   * lead time, and its owner was not yet warned of that stop.
   */
  record Warn(String reason, Instant stopAt) implements Decision {}

  /** The main process ended well: COMPLETE. */
  record Complete(int exitCode) implements Decision {}

  /** The container died or vanished: ERROR now, brought back after a backoff. */
  record Crashed(String reason, Integer exitCode) implements Decision {}

  /** A crashed pod waits out its backoff before the next attempt. */
  record WaitUntil(Instant when) implements Decision {}
}
