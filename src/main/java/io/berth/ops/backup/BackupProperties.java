package io.berth.ops.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Backups: where they go (a directory, by default {@code BERTH_HOME/backups}, and optionally a
 * restic repository), whether pods' and volumes' storage is included, the schedules of the backup
 * and of the restore drill, and what retention keeps.
 */
@ConfigurationProperties("berth.backup")
public record BackupProperties(
    String directory,
    Boolean includeStorage,
    String schedule,
    String drillSchedule,
    Retention retention,
    Restic restic) {

  public BackupProperties {
    directory = directory == null ? "" : directory;
    includeStorage = includeStorage == null || includeStorage;
    schedule = schedule == null || schedule.isBlank() ? "0 30 2 * * *" : schedule;
    drillSchedule =
        drillSchedule == null || drillSchedule.isBlank() ? "0 30 4 * * *" : drillSchedule;
    retention = retention == null ? new Retention(null, null, null, null) : retention;
    restic = restic == null ? new Restic(null, null) : restic;
  }

  /**
   * How many backups retention keeps: the newest N, and the newest of each of N days/weeks/months.
   */
  public record Retention(
      Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {
    public Retention {
      keepLast = nonNegative("keep-last", keepLast, 3);
      keepDaily = nonNegative("keep-daily", keepDaily, 7);
      keepWeekly = nonNegative("keep-weekly", keepWeekly, 4);
      keepMonthly = nonNegative("keep-monthly", keepMonthly, 6);
      if (keepLast + keepDaily + keepWeekly + keepMonthly == 0) {
        throw new IllegalArgumentException("berth.backup.retention must keep at least one backup");
      }
    }

    private static int nonNegative(String name, Integer value, int fallback) {
      int v = value == null ? fallback : value;
      if (v < 0) {
        throw new IllegalArgumentException("berth.backup.retention." + name + " must be 0 or more");
      }
      return v;
    }
  }

  /** A restic repository (any restic URL: a path, sftp:, s3:) and the file holding its password. */
  public record Restic(String repository, String passwordFile) {
    public boolean enabled() {
      return repository != null && !repository.isBlank();
    }
  }
}
