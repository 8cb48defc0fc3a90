package io.berth.volumes;

import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET .../contents/{path}} of a volume or snapshot, as Tapis has it: a file is streamed as
 * it is; a directory is streamed as a zip archive of the files under it, read one at a time through
 * the storage port (nothing is staged or held in memory). The root itself is refused: Tapis asks
 * for individual directories or files rather than a whole volume.
 */
@Component
public class Contents {
  private final VolumeStorage storage;

  public Contents(VolumeStorage storage) {
    this.storage = storage;
  }

  /** What is at {@code captured}, the rest of the request path, in a storage. */
  public ResponseEntity<StreamingResponseBody> of(String storageId, String captured) {
    String path = captured.replaceAll("^/+|/+$", "");
    if (path.isEmpty()) {
      throw ApiException.badRequest(
          "Path must not be empty or /: ask for a file or a directory, not the whole root.");
    }
    try {
      VolumeStorage.StoredFile file = storage.read(storageId, Paths.checked(path));
      StreamingResponseBody body =
          out -> {
            try (InputStream in = file.open()) {
              in.transferTo(out);
            }
          };
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_OCTET_STREAM)
          .contentLength(file.size())
          .header(
              HttpHeaders.CONTENT_DISPOSITION,
              ContentDisposition.attachment().filename(file.name()).build().toString())
          .body(body);
    } catch (StoragePathException e) {
      // missing, or not a file (a directory): it may be a directory to zip; bad paths are refused
      if (e.reason() == StoragePathException.Reason.INVALID
          || e.reason() == StoragePathException.Reason.OUTSIDE) {
        throw ApiException.badRequest("Path: " + e.getMessage() + ".");
      }
    }
    String prefix = path.endsWith("/") ? path : path + "/";
    List<FileEntry> files =
        storage.list(storageId).stream().filter(f -> f.path().startsWith(prefix)).toList();
    if (files.isEmpty()) {
      throw ApiException.notFound("Nothing found at " + path + ".");
    }
    String name = prefix.substring(0, prefix.length() - 1);
    name = name.substring(name.lastIndexOf('/') + 1);
    String top = name;
    StreamingResponseBody zip = out -> write(storageId, prefix, top, files, out);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(name + ".zip").build().toString())
        .body(zip);
  }

  /** Entries are named from the directory asked for ({@code docs/readme.txt}). */
  private void write(
      String storageId, String prefix, String top, List<FileEntry> files, java.io.OutputStream out)
      throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (FileEntry file : files) {
        VolumeStorage.StoredFile stored;
        try {
          stored = storage.read(storageId, file.path());
        } catch (StoragePathException gone) {
          continue; // removed by a pod while the archive was written
        }
        ZipEntry entry = new ZipEntry(top + "/" + file.path().substring(prefix.length()));
        entry.setTime(file.modificationTime().toEpochMilli());
        zip.putNextEntry(entry);
        try (InputStream in = stored.open()) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
  }
}
