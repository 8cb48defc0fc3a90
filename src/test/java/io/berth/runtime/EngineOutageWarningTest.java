package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.berth.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An engine outage met at every round is said once a minute, with what waits for it. */
class EngineOutageWarningTest {
  final FakeClock clock = new FakeClock();
  final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @Test
  void anOutageMetAtEveryRoundIsSaidOnceAMinute() {
    Logger log = new LoggerContext().getLogger("io.berth.pods.reconcile.Reconciler");
    events.setContext(log.getLoggerContext());
    events.start();
    log.addAppender(events);
    EngineOutageWarning warning = new EngineOutageWarning(log, clock, "pods");
    EngineUnavailableException down = new EngineUnavailableException("connection refused");

    for (int second = 0; second < 150; second++) {
      warning.warn(down);
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(events.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "Container engine unavailable, pods wait: connection refused",
            "Container engine unavailable, pods wait: connection refused",
            "Container engine unavailable, pods wait: connection refused");
  }
}
