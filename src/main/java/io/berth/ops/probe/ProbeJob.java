package io.berth.ops.probe;

import io.berth.ops.jobs.JobLog;
import io.berth.ops.jobs.ScheduledJob;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The scheduled probe ({@code berth.probe.schedule}, every 4 hours by default): one run across all
 * Berth processes sharing the database, in the job history; a failed step fails the run.
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
  public void scheduledHere() {
    runner.exportTimestamps();
  }

  @Override
  public Duration lockAtMostFor() {
    return properties.availableTimeout().plusMinutes(5);
  }

  @Override
  public void run(JobLog log) {
    ProbeReport report = runner.runNow();
    for (ProbeStep step : report.steps()) {
      log.info(
          (step.ok() ? "ok   " : "FAIL ")
              + step.name()
              + " "
              + step.millis()
              + " ms "
              + step.detail());
    }
    if (!report.ok()) {
      ProbeStep failed = report.steps().stream().filter(s -> !s.ok()).findFirst().orElseThrow();
      throw new IllegalStateException(
          "the probe failed at " + failed.name() + ": " + failed.detail());
    }
  }
}
