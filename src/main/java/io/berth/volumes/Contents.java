package io.berth.volumes;

import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * {@code GET .../contents/{path}?zip=} of a volume or snapshot, as Tapis has it: a file is streamed
 * as it is; with {@code zip=true} a directory (or a file) comes as a zip archive of the regular
 * files under it, read one at a time through the storage port (nothing is staged or held in memory,
 * no link is followed: a pod swapping a file for a link meanwhile only loses that file). The
 * archive is bounded: at most {@link #MAX_ENTRIES} files, no more bytes than the site's largest
 * volume, and each file no longer than it was listed (one growing meanwhile is cut there). The root
 * itself is refused: Tapis asks for individual directories or files rather than a whole volume.
 */
@Component
public class Contents {
  static final int MAX_ENTRIES = 100_000;
  private final VolumeStorage storage;
  private final long maxBytes;

  public Contents(VolumeStorage storage, VolumesProperties volumes) {
    this.storage = storage;
    this.maxBytes = volumes.maxSizeLimit() * 1024L * 1024L;
  }

  /** What is at {@code captured}, the rest of the request path, in a storage. */
  public ResponseEntity<StreamingResponseBody> of(String storageId, String captured, boolean zip) {
    String path = captured.replaceAll("^/+|/+$", "");
    if (path.isEmpty()) {
      throw ApiException.badRequest(
          "Path must not be empty or /: ask for a file or a directory, not the whole root.");
    }
    VolumeStorage.StoredFile file = fileAt(storageId, path);
    if (file != null && !zip) {
      return stream(file);
    }
    String prefix = path + "/";
    String name = path.substring(path.lastIndexOf('/') + 1);
    List<FileEntry> files =
        storage.list(storageId).stream()
            .filter(f -> file == null ? f.path().startsWith(prefix) : f.path().equals(path))
            .toList();
    if (files.isEmpty()) {
      throw ApiException.notFound("Nothing found at " + path + ".");
    }
    if (!zip) {
      throw ApiException.badRequest(
          "Parameter zip: "
              + path
              + " is a directory; give zip=true to receive it as a zip archive.");
    }
    long total = files.stream().mapToLong(FileEntry::size).sum();
    if (files.size() > MAX_ENTRIES || total > maxBytes) {
      throw ApiException.tooLarge(
          path
              + " holds "
              + files.size()
              + " files of "
              + total
              + " bytes; an archive holds at most "
              + MAX_ENTRIES
              + " files and "
              + maxBytes
              + " bytes. Ask for a smaller directory.");
    }
    String base = file == null ? prefix : path.substring(0, path.length() - name.length());
    StreamingResponseBody body = out -> write(storageId, base, name, file == null, files, out);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(name + ".zip").build().toString())
        .body(body);
  }

  /** The file at {@code path}; null when there is none (it may be a directory). */
  private VolumeStorage.StoredFile fileAt(String storageId, String path) {
    try {
      return storage.read(storageId, Paths.checked(path));
    } catch (StoragePathException e) {
      if (e.reason() == StoragePathException.Reason.INVALID
          || e.reason() == StoragePathException.Reason.OUTSIDE) {
        throw ApiException.badRequest("Path: " + e.getMessage() + ".");
      }
      return null; // missing, or not a regular file
    }
  }

  private static ResponseEntity<StreamingResponseBody> stream(VolumeStorage.StoredFile file) {
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
  }

  /**
   * Entries are named from what was asked for: {@code docs/readme.txt} for the directory {@code
   * docs}, {@code readme.txt} for that one file.
   */
  private void write(
      String storageId,
      String base,
      String top,
      boolean directory,
      List<FileEntry> files,
      OutputStream out)
      throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (FileEntry file : files) {
        VolumeStorage.StoredFile stored;
        try {
          stored = storage.read(storageId, file.path());
        } catch (StoragePathException gone) {
          continue; // removed, or made a link, by a pod while the archive was written
        }
        String inside = file.path().substring(base.length());
        ZipEntry entry = new ZipEntry(directory ? top + "/" + inside : inside);
        entry.setTime(file.modificationTime().toEpochMilli());
        zip.putNextEntry(entry);
        try (InputStream in = stored.open()) {
          copyAtMost(in, zip, file.size());
        }
        zip.closeEntry();
      }
    }
  }

  /** Copies no more than {@code limit} bytes: what the file held when it was listed. */
  private static void copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = limit;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        return;
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }
}
