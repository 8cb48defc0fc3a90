package io.berth.ops.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.ops.jobs.JobLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduled probe confirms a failure before it counts: one false failure is followed at once
 * (after confirm-after) by a run the status page then shows, not left red until the next schedule.
 */
class ProbeJobTest {
  static final ProbeReport PASSED =
      new ProbeReport(Instant.EPOCH, List.of(new ProbeStep("proxy", true, 3, "HTTP 200")));
  static final ProbeReport FAILED =
      new ProbeReport(
          Instant.EPOCH, List.of(new ProbeStep("proxy", false, 3, "answered 'HTTP/1.1 404'")));

  /** A runner that hands out the given reports in order and remembers the last, as the real one. */
  static ProbeRunner runner(ProbeReport... reports) {
    ArrayDeque<ProbeReport> next = new ArrayDeque<>(List.of(reports));
    return new ProbeRunner(null, new SimpleMeterRegistry()) {
      ProbeReport last;

      @Override
      public ProbeReport runNow() {
        last = next.poll();
        return last;
      }

      @Override
      public ProbeReport last() {
        return last;
      }
    };
  }

  static ProbeJob job(ProbeRunner runner) {
    return new ProbeJob(
        runner, new ProbeProperties(null, null, null, null, null, Duration.ofMillis(1)));
  }

  @Test
  void aFailureThatDoesNotRepeatLeavesThePassingRunShown() throws Exception {
    ProbeRunner runner = runner(FAILED, PASSED);
    JobLog log = JobLog.standalone("probe");
    job(runner).run(log);
    assertThat(runner.last().ok()).isTrue();
    assertThat(log.excerpt()).contains("FAIL proxy", "running it again", "ok   proxy");
  }

  @Test
  void aFailureThatRepeatsFailsTheJob() {
    ProbeRunner runner = runner(FAILED, FAILED, PASSED);
    assertThatThrownBy(() -> job(runner).run(JobLog.standalone("probe")))
        .hasMessageContaining("the probe failed at proxy");
    assertThat(runner.last().ok()).isFalse();
  }

  @Test
  void aPassingRunIsNotRepeated() throws Exception {
    ProbeRunner runner = runner(PASSED, FAILED);
    job(runner).run(JobLog.standalone("probe"));
    assertThat(runner.last().ok()).isTrue();
  }
}
