package io.berth.pods.reconcile;

import java.time.Duration;

/** How a reconcile step ended for its pod: settled, or to be looked at again after a delay. */
public sealed interface Outcome {
  record Settled() implements Outcome {}

  record RecheckAfter(Duration delay) implements Outcome {}

  static Outcome settled() {
    return new Settled();
  }

  static Outcome recheck(Duration delay) {
    return new RecheckAfter(delay.isNegative() ? Duration.ZERO : delay);
  }
}
