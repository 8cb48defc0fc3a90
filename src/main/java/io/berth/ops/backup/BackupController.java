package io.berth.ops.backup;

import io.berth.auth.Caller;
import io.berth.web.Envelope;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backups through the admin API: list, create (online) and verify ({@link BackupOperations}).
 * Restore is only offered by {@code bin/berth backup restore}, on a stopped Berth.
 */
@RestController
@RequestMapping("/v3/admin/backups")
class BackupController {
  private final BackupOperations backups;

  BackupController(BackupOperations backups) {
    this.backups = backups;
  }

  @GetMapping
  Envelope<List<BackupView>> list(Caller caller) {
    return Envelope.ok("Backups retrieved successfully.", backups.list(caller));
  }

  @PostMapping
  Envelope<BackupView.Created> create(Caller caller) {
    return Envelope.ok("Backup created.", backups.create(caller));
  }

  @PostMapping("/{backupId}/verify")
  Envelope<Verification> verify(Caller caller, @PathVariable String backupId) {
    Verification result = backups.verify(caller, backupId);
    return Envelope.ok(
        result instanceof Verification.Verified ? "The backup verified." : "The backup is damaged.",
        result);
  }
}
