package io.berth.ops.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.berth.testing.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JobMetricsTest {
  @Test
  void aJobRunAgainShowsItsLastDurationOnTheGaugeRegisteredOnce() {
    // registered at every run, the gauge was ignored from the second on and Micrometer warned
    // "This Gauge has been already registered" in every Berth's log a minute after start
    Logger micrometer = (Logger) LoggerFactory.getLogger("io.micrometer");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    micrometer.addAppender(events);
    try {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      JobMetrics metrics =
          new JobMetrics(
              registry,
              null,
              new JobsProperties(true, "node-a", "UTC", Map.of(), 2.0, null),
              new FakeClock());

      metrics.recorded("backup", JobRun.Outcome.SUCCESS, Duration.ofSeconds(3));
      metrics.recorded("backup", JobRun.Outcome.FAILURE, Duration.ofSeconds(5));

      assertThat(
              registry
                  .get("berth.job.last.run.duration")
                  .tags("berth_job", "backup")
                  .gauge()
                  .value())
          .isEqualTo(5.0);
      assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    } finally {
      micrometer.detachAppender(events);
    }
  }
}
