package io.berth.snapshots;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.PermissionsView;
import io.berth.volumes.Contents;
import io.berth.volumes.Downloads;
import io.berth.volumes.FileView;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The Tapis Pods snapshot endpoints. */
@RestController
@RequestMapping("/v3/pods/snapshots")
class SnapshotController {
  private final SnapshotService snapshots;
  private final Contents contents;

  SnapshotController(SnapshotService snapshots, Contents contents) {
    this.snapshots = snapshots;
    this.contents = contents;
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
    return snapshots
        .update(caller, snapshotId, update)
        .envelope("snapshot", "Snapshot updated successfully.");
  }

  @DeleteMapping("/{snapshotId}")
  Envelope<String> delete(Caller caller, @PathVariable String snapshotId) {
    snapshots.delete(caller, snapshotId);
    return Envelope.ok("Snapshot successfully deleted.", "");
  }

  @GetMapping("/{snapshotId}/list")
  Envelope<List<FileView>> files(Caller caller, @PathVariable String snapshotId) {
    return Envelope.ok(
        "Snapshot file listing retrieved successfully.",
        snapshots.files(caller, snapshotId).stream().map(FileView::of).toList());
  }

  /** A file streamed as it is; with zip=true a directory (or a file) as a zip stream. */
  @GetMapping("/{snapshotId}/contents/{*path}")
  ResponseEntity<StreamingResponseBody> contents(
      Caller caller,
      @PathVariable String snapshotId,
      @PathVariable String path,
      @RequestParam(defaultValue = "false") boolean zip) {
    Snapshot snapshot = snapshots.require(caller, snapshotId, PermissionLevel.READ);
    return contents.of(snapshot.storageId(), path, zip);
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
        "Snapshot permissions updated successfully.",
        new PermissionsView(snapshots.grant(caller, snapshotId, grant)));
  }

  @DeleteMapping("/{snapshotId}/permissions/{user}")
  Envelope<PermissionsView> revoke(
      Caller caller, @PathVariable String snapshotId, @PathVariable String user) {
    return Envelope.ok(
        "Snapshot permission deleted successfully.",
        new PermissionsView(snapshots.revoke(caller, snapshotId, user)));
  }
}
