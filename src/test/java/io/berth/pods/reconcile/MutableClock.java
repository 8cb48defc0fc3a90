package io.berth.pods.reconcile;

import io.berth.testing.UtcClock;
import java.time.Duration;
import java.time.Instant;

/** The system clock plus an offset a test can move forward. */
class MutableClock extends UtcClock {
  private volatile Duration offset = Duration.ZERO;

  void advance(Duration by) {
    offset = offset.plus(by);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }
}
