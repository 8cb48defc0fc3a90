package io.berth.ops.backup;

import io.berth.ops.jobs.JobLog;
import io.berth.ops.jobs.ScheduledJob;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The scheduled restore drill ({@code berth.backup.drill-schedule}): verifies the newest backup
 * (checksums, a restore into a scratch database, row counts, credentials). Any failure, including
 * having no backup at all, counts in {@code berth_restore_drill_failures_total}.
 */
@Component
class RestoreDrillJob implements ScheduledJob {
  private final Backups backups;
  private final BackupMetrics metrics;
  private final BackupProperties properties;
  private final Clock clock;

  RestoreDrillJob(
      Backups backups, BackupMetrics metrics, BackupProperties properties, Clock clock) {
    this.backups = backups;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "restore-drill";
  }

  @Override
  public String defaultCron() {
    return properties.drillSchedule();
  }

  @Override
  public Duration lockAtMostFor() {
    return Duration.ofHours(6);
  }

  @Override
  public void run(JobLog log) throws Exception {
    Verification result;
    try {
      result = backups.verifyNewest();
    } catch (BackupException | RuntimeException e) {
      metrics.drillFailed();
      throw e;
    }
    switch (result) {
      case Verification.Verified ok -> {
        metrics.drillSucceeded(clock.instant());
        log.info(
            "verified "
                + ok.backup()
                + ": "
                + ok.rowCounts()
                + ", "
                + ok.credentialsRead()
                + " credentials read");
      }
      case Verification.Damaged damaged -> {
        metrics.drillFailed();
        throw new BackupException(
            damaged.backup() + " failed the drill: " + String.join("; ", damaged.problems()));
      }
    }
  }
}
