package io.berth.ops.backup;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.ops.jobs.JobResult;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backups through the admin API: list, create (online) and verify. Restore is only offered by
 * {@code bin/berth backup restore}, on a stopped Berth.
 */
@RestController
@RequestMapping("/v3/admin/backups")
class BackupController {
  private final Backups backups;
  private final BackupJob job;
  private final SiteAdmin siteAdmin;

  BackupController(Backups backups, BackupJob job, SiteAdmin siteAdmin) {
    this.siteAdmin = siteAdmin;
    this.backups = backups;
    this.job = job;
  }

  @GetMapping
  Envelope<List<BackupView>> list(Caller caller) {
    siteAdmin.require(caller);
    return Envelope.ok(
        "Backups retrieved successfully.", backups.list().stream().map(BackupView::of).toList());
  }

  @PostMapping
  Envelope<BackupView.Created> create(Caller caller) {
    siteAdmin.require(caller);
    return switch (job.runNow()) {
      case JobResult.Succeeded<Backups.Created> ok ->
          Envelope.ok(
              "Backup created.",
              new BackupView.Created(
                  BackupView.of(ok.value().backup()),
                  ok.value().resticSnapshot(),
                  ok.value().removed()));
      case JobResult.Failed<Backups.Created> failed ->
          throw new ApiException(
              org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR,
              "The backup failed: " + failed.cause().getMessage());
      case JobResult.NotRun<Backups.Created> notRun ->
          throw ApiException.conflict(notRun.reason() + ".");
    };
  }

  @PostMapping("/{backupId}/verify")
  Envelope<Verification> verify(Caller caller, @PathVariable String backupId) {
    siteAdmin.require(caller);
    try {
      Verification result = backups.verify(backupId, false);
      String message =
          result instanceof Verification.Verified
              ? "The backup verified."
              : "The backup is damaged.";
      return Envelope.ok(message, result);
    } catch (BackupException e) {
      throw e.getMessage().contains("is not a")
          ? ApiException.badRequest(e.getMessage() + ".")
          : ApiException.notFound(e.getMessage() + ".");
    }
  }
}
