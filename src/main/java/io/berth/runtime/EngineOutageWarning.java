package io.berth.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Says that the container engine is unavailable at most once a minute: a reconciler meets the
 * outage at every round, and an outage of hours would otherwise fill the log.
 */
public final class EngineOutageWarning {
  private static final Duration EVERY = Duration.ofMinutes(1);

  private final Logger log;
  private final Clock clock;
  private final String waiting;
  private volatile Instant last = Instant.EPOCH;

  /** {@code waiting}: what waits for the engine meanwhile ("pods", "jobs"). */
  public EngineOutageWarning(Logger log, Clock clock, String waiting) {
    this.log = log;
    this.clock = clock;
    this.waiting = waiting;
  }

  public void warn(EngineUnavailableException e) {
    Instant now = clock.instant();
    if (Duration.between(last, now).compareTo(EVERY) >= 0) {
      last = now;
      log.warn("Container engine unavailable, {} wait: {}", waiting, e.getMessage());
    }
  }
}
