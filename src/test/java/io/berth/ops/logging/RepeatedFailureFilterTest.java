package io.berth.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same failure logged over and over: once in full, then a count per interval. */
class RepeatedFailureFilterTest {
  final AtomicLong clock = new AtomicLong();
  final LoggerContext context = new LoggerContext();
  final ListAppender<ILoggingEvent> events = new ListAppender<>();
  final RepeatedFailureFilter filter = new RepeatedFailureFilter(clock::get);
  Logger log;

  @BeforeEach
  void setUp() {
    filter.setContext(context);
    filter.setIntervalSeconds(60);
    context.addTurboFilter(filter); // not started: the test calls report() itself
    events.setContext(context);
    events.start();
    log = context.getLogger("io.berth.web.ApiExceptionHandler");
    log.addAppender(events);
  }

  @Test
  void aFailureRepeatedAThousandTimesIsLoggedOnceInFullThenCounted() {
    for (int i = 0; i < 1000; i++) {
      fail("Unexpected failure while serving a request");
    }
    assertThat(events.list).hasSize(1);
    assertThat(events.list.getFirst().getThrowableProxy()).isNotNull();

    clock.addAndGet(TimeUnit.SECONDS.toNanos(61));
    filter.report();

    assertThat(events.list).hasSize(2);
    ILoggingEvent count = events.list.get(1);
    assertThat(count.getThrowableProxy()).isNull();
    assertThat(count.getFormattedMessage())
        .startsWith(
            "999 more like the failure logged in full before (java.lang.IllegalStateException at")
        .contains("in the last 60 s");
  }

  @Test
  void aSiteQuietForAWholeIntervalIsLoggedInFullAgain() {
    fail("first");
    fail("second");
    clock.addAndGet(TimeUnit.SECONDS.toNanos(61));
    filter.report(); // "1 more"
    clock.addAndGet(TimeUnit.SECONDS.toNanos(61));
    filter.report(); // quiet interval: forgotten
    fail("third");

    assertThat(events.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("first", events.list.get(1).getFormattedMessage(), "third");
    assertThat(events.list.get(2).getThrowableProxy()).isNotNull();
  }

  @Test
  void anotherSiteOrAMessageWithoutAnExceptionIsNotHeldBack() {
    fail("one");
    log.error("another site", new IllegalArgumentException("other"));
    log.error("no exception");
    log.error("no exception");
    assertThat(events.list).hasSize(4);
  }

  private void fail(String message) {
    log.error(message, new IllegalStateException("boom"));
  }
}
