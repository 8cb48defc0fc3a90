package io.berth.volumes;

import io.berth.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Reads the {@code file} part of a multipart upload, as Tapis's upload endpoints expect. */
final class Uploads {
  private Uploads() {}

  static MultipartFile file(HttpServletRequest request) {
    if (!(request instanceof MultipartHttpServletRequest multipart)) {
      throw ApiException.badRequest(
          "The upload must be multipart/form-data with the file in a field named file.");
    }
    MultipartFile file;
    try {
      file = multipart.getFile("file");
    } catch (MultipartException e) {
      throw ApiException.badRequest("The multipart body could not be read: " + rootMessage(e));
    }
    if (file == null) {
      throw ApiException.badRequest("Field file is required: the multipart part holding the file.");
    }
    return file;
  }

  static VolumeStorage.Upload of(MultipartFile file) {
    return new VolumeStorage.Upload() {
      @Override
      public long size() {
        return file.getSize();
      }

      @Override
      public void writeTo(Path target) throws IOException {
        file.transferTo(target);
      }
    };
  }

  /** Removes the spooled part, if the container still holds it. */
  static void discard(MultipartFile file) {
    try {
      if (file.getResource().isFile()) {
        java.nio.file.Files.deleteIfExists(file.getResource().getFile().toPath());
      }
    } catch (IOException | UncheckedIOException | UnsupportedOperationException ignored) {
      // the servlet container deletes its spool files at the end of the request anyway
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
