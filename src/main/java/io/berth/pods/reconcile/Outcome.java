package io.berth.pods.reconcile;

import io.berth.runtime.ObservedPod;
import java.time.Duration;
import java.time.Instant;

/**
 * How a reconcile step ended for its pod: settled, to be looked at again after a delay, or its port
 * to be probed again soon, where the container as just seen may stand in for a fresh look.
 */
public sealed interface Outcome {
  record Settled() implements Outcome {}

  record RecheckAfter(Duration delay) implements Outcome {}

  record ProbeAgain(Duration delay, ObservedPod container) implements Outcome {}

  /** Settled until {@code when}, when the pod's decision changes by itself (a warning, a stop). */
  record SettledUntil(Instant when) implements Outcome {}

  static Outcome settled() {
    return new Settled();
  }

  static Outcome recheck(Duration delay) {
    return new RecheckAfter(delay.isNegative() ? Duration.ZERO : delay);
  }
}
