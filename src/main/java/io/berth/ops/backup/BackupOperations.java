package io.berth.ops.backup;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.ops.jobs.JobResult;
import io.berth.web.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What site admins may do with backups, for the admin API and the site page alike: list, create
 * (online, as the scheduled job does) and verify. Restore stays with {@code bin/berth backup
 * restore}, on a stopped Berth.
 */
@Service
public class BackupOperations {
  private final Backups backups;
  private final BackupJob job;
  private final SiteAdmin siteAdmin;

  BackupOperations(Backups backups, BackupJob job, SiteAdmin siteAdmin) {
    this.backups = backups;
    this.job = job;
    this.siteAdmin = siteAdmin;
  }

  public List<BackupView> list(Caller caller) {
    siteAdmin.require(caller);
    return backups.list().stream().map(BackupView::of).toList();
  }

  /** A backup now (409 while the scheduled one runs; 500 with the cause when it fails). */
  public BackupView.Created create(Caller caller) {
    siteAdmin.require(caller);
    return switch (job.runNow()) {
      case JobResult.Succeeded<Backups.Created> ok ->
          new BackupView.Created(
              BackupView.of(ok.value().backup()),
              ok.value().resticSnapshot(),
              ok.value().removed());
      case JobResult.Failed<Backups.Created> failed ->
          throw new ApiException(
              HttpStatus.INTERNAL_SERVER_ERROR,
              "The backup failed: " + failed.cause().getMessage());
      case JobResult.NotRun<Backups.Created> notRun ->
          throw ApiException.conflict(notRun.reason() + ".");
    };
  }

  /** Restores the backup into scratch and checks it (400 for a bad id, 404 for an unknown one). */
  public Verification verify(Caller caller, String backupId) {
    siteAdmin.require(caller);
    try {
      return backups.verify(backupId, false);
    } catch (BackupException e) {
      throw e.getMessage().contains("is not a")
          ? ApiException.badRequest(e.getMessage() + ".")
          : ApiException.notFound(e.getMessage() + ".");
    }
  }
}
