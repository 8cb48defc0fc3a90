package io.berth.ops.probe;

import io.berth.ops.jobs.JobLog;
import io.berth.ops.jobs.ScheduledJob;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The scheduled probe ({@code berth.probe.schedule}, every 4 hours by default): one run across all
 * Berth processes sharing the database, in the job history. A failed run is repeated once after
 * {@code berth.probe.confirm-after} (a minute by default) and the job fails only when that fails
 * too: the status page shows the latest run, so one false failure is red for a minute, not until
 * the next scheduled run hours later. Both runs stay in the history.
 */
@Component
class ProbeJob implements ScheduledJob {
  private final ProbeRunner runner;
  private final ProbeProperties properties;

  ProbeJob(ProbeRunner runner, ProbeProperties properties) {
    this.runner = runner;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public String defaultCron() {
    return properties.schedule();
  }

  @Override
  public Duration lockAtMostFor() {
    return properties
        .availableTimeout()
        .plusMinutes(5)
        .multipliedBy(2)
        .plus(properties.confirmAfter());
  }

  @Override
  public void run(JobLog log) throws InterruptedException {
    ProbeReport report = runner.runNow();
    logSteps(log, report);
    if (!report.ok()) {
      log.info(
          "the probe failed at "
              + failedStep(report).name()
              + "; running it again in "
              + properties.confirmAfter().toSeconds()
              + " s before calling it a failure");
      Thread.sleep(properties.confirmAfter().toMillis());
      report = runner.runNow();
      logSteps(log, report);
    }
    if (!report.ok()) {
      ProbeStep failed = failedStep(report);
      throw new IllegalStateException(
          "the probe failed at " + failed.name() + ": " + failed.detail());
    }
  }

  private static void logSteps(JobLog log, ProbeReport report) {
    for (ProbeStep step : report.steps()) {
      log.info(
          (step.ok() ? "ok   " : "FAIL ")
              + step.name()
              + " "
              + step.millis()
              + " ms "
              + step.detail());
    }
  }

  private static ProbeStep failedStep(ProbeReport report) {
    return report.steps().stream().filter(s -> !s.ok()).findFirst().orElseThrow();
  }
}
