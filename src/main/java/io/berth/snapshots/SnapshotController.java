package io.berth.snapshots;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionsView;
import io.berth.runtime.storage.FileEntry;
import io.berth.volumes.Downloads;
import io.berth.web.Envelope;
import java.util.List;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Tapis Pods snapshot endpoints. */
@RestController
@RequestMapping("/v3/pods/snapshots")
class SnapshotController {
  private final SnapshotService snapshots;

  SnapshotController(SnapshotService snapshots) {
    this.snapshots = snapshots;
  }

  @GetMapping
  Envelope<List<SnapshotView>> list(Caller caller) {
    return Envelope.ok("Snapshots retrieved successfully.", snapshots.list(caller));
  }

  @PostMapping
  Envelope<SnapshotView> create(Caller caller, @RequestBody NewSnapshot request) {
    return Envelope.ok("Snapshot created successfully.", snapshots.create(caller, request));
  }

  @GetMapping("/{snapshotId}")
  Envelope<SnapshotView> get(Caller caller, @PathVariable String snapshotId) {
    return Envelope.ok("Snapshot retrieved successfully.", snapshots.get(caller, snapshotId));
  }

  @PutMapping("/{snapshotId}")
  Envelope<SnapshotView> update(
      Caller caller, @PathVariable String snapshotId, @RequestBody SnapshotUpdate update) {
    return Envelope.ok(
        "Snapshot updated successfully.", snapshots.update(caller, snapshotId, update));
  }

  @DeleteMapping("/{snapshotId}")
  Envelope<Object> delete(Caller caller, @PathVariable String snapshotId) {
    snapshots.delete(caller, snapshotId);
    return Envelope.ok("Snapshot " + snapshotId + " deleted successfully.", null);
  }

  @GetMapping("/{snapshotId}/list")
  Envelope<List<FileEntry>> files(Caller caller, @PathVariable String snapshotId) {
    return Envelope.ok(
        "Snapshot files retrieved successfully.", snapshots.files(caller, snapshotId));
  }

  @GetMapping("/{snapshotId}/download/{*path}")
  ResponseEntity<InputStreamResource> download(
      Caller caller, @PathVariable String snapshotId, @PathVariable String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return Downloads.of(snapshots.download(caller, snapshotId, relative));
  }

  @GetMapping("/{snapshotId}/permissions")
  Envelope<PermissionsView> permissions(Caller caller, @PathVariable String snapshotId) {
    return Envelope.ok(
        "Snapshot permissions retrieved successfully.",
        new PermissionsView(snapshots.permissions(caller, snapshotId)));
  }

  @PostMapping("/{snapshotId}/permissions")
  Envelope<PermissionsView> grant(
      Caller caller, @PathVariable String snapshotId, @RequestBody PermissionGrant grant) {
    return Envelope.ok(
        "Snapshot permission granted.",
        new PermissionsView(snapshots.grant(caller, snapshotId, grant)));
  }

  @DeleteMapping("/{snapshotId}/permissions/{user}")
  Envelope<PermissionsView> revoke(
      Caller caller, @PathVariable String snapshotId, @PathVariable String user) {
    return Envelope.ok(
        "Snapshot permission removed.",
        new PermissionsView(snapshots.revoke(caller, snapshotId, user)));
  }
}
