package io.berth.pods.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * A key's round asked for at a moment to come (a pod's warning or stop). Every round of a serving
 * pod names its next such moment, and a full pass runs a round every few seconds: only a moment
 * earlier than the one already asked for is asked for again, so a pod has one timer, not one per
 * pass. When it comes, its round names the next.
 */
final class PendingWake {
  private Instant pending;

  /** The delay to ask for a round at {@code when}, or null when one comes no later already. */
  synchronized Duration at(Instant when, Instant now) {
    if (pending != null && pending.isAfter(now) && !pending.isAfter(when)) {
      return null;
    }
    pending = when;
    Duration delay = Duration.between(now, when);
    return delay.isNegative() ? Duration.ZERO : delay;
  }
}
