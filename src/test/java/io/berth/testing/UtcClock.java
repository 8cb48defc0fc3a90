package io.berth.testing;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The zone part every test clock shares: UTC, whatever zone is asked for. */
public abstract class UtcClock extends Clock {
  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    return this;
  }
}
