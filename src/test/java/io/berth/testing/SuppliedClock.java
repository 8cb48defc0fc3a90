package io.berth.testing;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * A clock whose every reading comes from {@code readings}: for tests that count the readings or
 * make each one later than the last (a slow round), usually over a {@link FakeClock}.
 */
public final class SuppliedClock extends UtcClock {
  private final Supplier<Instant> readings;

  public SuppliedClock(Supplier<Instant> readings) {
    this.readings = readings;
  }

  @Override
  public Instant instant() {
    return readings.get();
  }
}
