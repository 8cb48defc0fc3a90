package io.berth.testing;

import java.time.Duration;
import java.time.Instant;

/** A clock standing still until a test moves it: time-driven logic without sleeping. */
public final class FakeClock extends UtcClock {
  private volatile Instant now;

  public FakeClock(Instant start) {
    this.now = start;
  }

  public FakeClock() {
    this(Instant.parse("2026-12-06T12:00:00Z"));
  }

  public void set(Instant instant) {
    now = instant;
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
