package io.berth.ops.backup;

import io.berth.ops.jobs.JobLog;
import io.berth.ops.jobs.JobResult;
import io.berth.ops.jobs.JobRunner;
import io.berth.ops.jobs.ScheduledJob;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The scheduled backup ({@code berth.backup.schedule}): create, send to restic when configured,
 * apply retention. A backup asked for through the API runs as this job too, under its lock.
 */
@Component
class BackupJob implements ScheduledJob {
  static final String NAME = "backup";

  private final Backups backups;
  private final BackupMetrics metrics;
  private final BackupProperties properties;
  private final JobRunner runner;
  private final Clock clock;

  BackupJob(
      Backups backups,
      BackupMetrics metrics,
      BackupProperties properties,
      JobRunner runner,
      Clock clock) {
    this.backups = backups;
    this.metrics = metrics;
    this.properties = properties;
    this.runner = runner;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String defaultCron() {
    return properties.schedule();
  }

  @Override
  public Duration lockAtMostFor() {
    return Duration.ofHours(6);
  }

  @Override
  public void run(JobLog log) throws Exception {
    create(log);
  }

  /** A backup now, outside the schedule. */
  JobResult<Backups.Created> runNow() {
    return runner.run(NAME, null, lockAtMostFor(), Duration.ZERO, this::create);
  }

  private Backups.Created create(JobLog log) throws BackupException {
    long start = System.nanoTime();
    try {
      Backups.Created created = backups.create();
      Manifest manifest = created.backup().manifest();
      metrics.backupSucceeded(
          clock.instant(), Duration.ofNanos(System.nanoTime() - start), manifest.totalBytes());
      log.info(
          "wrote "
              + created.backup().path()
              + " ("
              + manifest.totalBytes()
              + " bytes, "
              + manifest.files().size()
              + " files)");
      if (created.resticSnapshot() != null) {
        log.info("sent to restic as snapshot " + created.resticSnapshot());
      }
      if (!created.removed().isEmpty()) {
        log.info("retention removed " + String.join(", ", created.removed()));
      }
      return created;
    } catch (BackupException | RuntimeException e) {
      metrics.backupFailed();
      throw e;
    }
  }
}
