package io.berth.volumes;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.PermissionsView;
import io.berth.runtime.storage.Paths;
import io.berth.web.Envelope;
import jakarta.servlet.http.HttpServletRequest;
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

/** The Tapis Pods volume endpoints. */
@RestController
@RequestMapping("/v3/pods/volumes")
class VolumeController {
  private final VolumeService volumes;
  private final Contents contents;
  private final VolumeFiles files;

  VolumeController(VolumeService volumes, Contents contents, VolumeFiles files) {
    this.volumes = volumes;
    this.contents = contents;
    this.files = files;
  }

  @GetMapping
  Envelope<List<VolumeView>> list(Caller caller) {
    return Envelope.ok("Volumes retrieved successfully.", volumes.list(caller));
  }

  @PostMapping
  Envelope<VolumeView> create(Caller caller, @RequestBody NewVolume request) {
    return Envelope.ok("Volume created successfully.", volumes.create(caller, request));
  }

  @GetMapping("/{volumeId}")
  Envelope<VolumeView> get(Caller caller, @PathVariable String volumeId) {
    return Envelope.ok("Volume retrieved successfully.", volumes.get(caller, volumeId));
  }

  @PutMapping("/{volumeId}")
  Envelope<VolumeView> update(
      Caller caller, @PathVariable String volumeId, @RequestBody VolumeUpdate update) {
    return volumes
        .update(caller, volumeId, update)
        .envelope("volume", "Volume updated successfully.");
  }

  @DeleteMapping("/{volumeId}")
  Envelope<String> delete(Caller caller, @PathVariable String volumeId) {
    volumes.delete(caller, volumeId);
    return Envelope.ok("Volume successfully deleted.", "");
  }

  /**
   * Every file of the volume, as Tapis lists them; with {@code ?path=} (Berth's extension) the
   * files and folders ({@code type} "dir") directly in that folder, "" for the root.
   */
  @GetMapping("/{volumeId}/list")
  Envelope<List<FileView>> files(
      Caller caller, @PathVariable String volumeId, @RequestParam(required = false) String path) {
    var entries =
        path == null
            ? volumes.files(caller, volumeId)
            : files.folder(caller, volumeId, Paths.relative(path));
    return Envelope.ok(
        "Volume file listing retrieved successfully.", entries.stream().map(FileView::of).toList());
  }

  /** Berth's extension: removes a file, or a folder with everything in it. */
  @DeleteMapping("/{volumeId}/contents/{*path}")
  Envelope<String> remove(Caller caller, @PathVariable String volumeId, @PathVariable String path) {
    String relative = Paths.relative(path);
    files.remove(caller, volumeId, relative);
    return Envelope.ok("Volume file deleted successfully.", relative);
  }

  /** Berth's extension: makes a folder (and the missing ones above it). */
  @PostMapping("/{volumeId}/mkdir/{*path}")
  Envelope<String> makeDirectory(
      Caller caller, @PathVariable String volumeId, @PathVariable String path) {
    String relative = Paths.relative(path);
    files.makeDirectory(caller, volumeId, relative);
    return Envelope.ok("Volume folder created successfully.", relative);
  }

  /** Berth's extension: renames or moves a file or folder to {@code destination_path}. */
  @PostMapping("/{volumeId}/move/{*path}")
  Envelope<String> move(
      Caller caller,
      @PathVariable String volumeId,
      @PathVariable String path,
      @RequestBody FileMove move) {
    String destination =
        move == null || move.destinationPath() == null
            ? null
            : Paths.relative(move.destinationPath());
    files.move(caller, volumeId, Paths.relative(path), destination);
    return Envelope.ok("Volume file moved successfully.", destination);
  }

  /** A file streamed as it is; with zip=true a directory (or a file) as a zip stream. */
  @GetMapping("/{volumeId}/contents/{*path}")
  ResponseEntity<StreamingResponseBody> contents(
      Caller caller,
      @PathVariable String volumeId,
      @PathVariable String path,
      @RequestParam(defaultValue = "false") boolean zip) {
    Volume volume = volumes.require(caller, volumeId, PermissionLevel.READ);
    return contents.of(volume.storageId(), path, zip);
  }

  /**
   * Multipart upload, field {@code file}. Permission, path and declared size are checked before the
   * body is read; the part is then written straight into the volume as it streams in (never held in
   * memory), and refused as soon as it outgrows the volume's size_limit.
   */
  @PostMapping("/{volumeId}/upload/{*path}")
  Envelope<String> upload(
      Caller caller,
      @PathVariable String volumeId,
      @PathVariable String path,
      HttpServletRequest request) {
    String relative = Paths.relative(path);
    Volume volume = volumes.beforeUpload(caller, volumeId, relative);
    MultipartUpload upload = MultipartUpload.of(request);
    volumes.upload(volume, relative, request.getContentLengthLong(), upload);
    return Envelope.ok("Volume file upload successful.", relative);
  }

  @GetMapping("/{volumeId}/download/{*path}")
  ResponseEntity<InputStreamResource> download(
      Caller caller, @PathVariable String volumeId, @PathVariable String path) {
    return Downloads.of(volumes.download(caller, volumeId, Paths.relative(path)));
  }

  @GetMapping("/{volumeId}/permissions")
  Envelope<PermissionsView> permissions(Caller caller, @PathVariable String volumeId) {
    return Envelope.ok(
        "Volume permissions retrieved successfully.",
        new PermissionsView(volumes.permissions(caller, volumeId)));
  }

  @PostMapping("/{volumeId}/permissions")
  Envelope<PermissionsView> grant(
      Caller caller, @PathVariable String volumeId, @RequestBody PermissionGrant grant) {
    return Envelope.ok(
        "Volume permissions updated successfully.",
        new PermissionsView(volumes.grant(caller, volumeId, grant)));
  }

  @DeleteMapping("/{volumeId}/permissions/{user}")
  Envelope<PermissionsView> revoke(
      Caller caller, @PathVariable String volumeId, @PathVariable String user) {
    return Envelope.ok(
        "Volume permission deleted successfully.",
        new PermissionsView(volumes.revoke(caller, volumeId, user)));
  }
}
