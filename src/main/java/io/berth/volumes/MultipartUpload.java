package io.berth.volumes;

import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.web.ApiException;
import io.berth.web.MultipartBody;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.http.MediaType;

/**
 * A multipart upload, field {@code file}, as Tapis's upload endpoints take it, decoded while it
 * streams in ({@link MultipartBody}): the part is written to a file beside its target and renamed
 * into place, never spooled elsewhere first, never held in memory.
 */
public final class MultipartUpload implements VolumeStorage.Upload {
  static final String FIELD = "file";
  private static final int MAX_PARTS = 64;
  private static final int MAX_BOUNDARY_CHARS = 70;

  private final HttpServletRequest request;

  private MultipartUpload(HttpServletRequest request) {
    this.request = request;
  }

  /** The upload in {@code request}, refused at once when the body is not multipart. */
  public static MultipartUpload of(HttpServletRequest request) {
    MediaType type = MultipartBody.formType(request.getContentType());
    if (type == null) {
      throw ApiException.badRequest(
          "The upload must be multipart/form-data with the file in a field named " + FIELD + ".");
    }
    String boundary = type.getParameter("boundary");
    if (boundary == null || boundary.isBlank() || boundary.length() > MAX_BOUNDARY_CHARS) {
      throw ApiException.badRequest(
          "Header Content-Type: multipart/form-data needs a boundary parameter of 1 to "
              + MAX_BOUNDARY_CHARS
              + " characters (RFC 2046).");
    }
    return new MultipartUpload(request);
  }

  @Override
  public long writeTo(Path target, VolumeStorage.Room room) throws IOException {
    // beside the target: moving it in is a rename
    try (MultipartBody body = MultipartBody.open(request, target.getParent(), MAX_PARTS)) {
      FileUpload file = receive(body, room);
      file.renameTo(target.toFile());
      return file.length();
    }
  }

  /** Feeds the body to the decoder until the file part is complete. */
  private static FileUpload receive(MultipartBody body, VolumeStorage.Room room)
      throws IOException {
    try {
      while (read(body)) {
        for (InterfaceHttpData part = body.nextPart(); part != null; part = body.nextPart()) {
          if (part instanceof FileUpload file && FIELD.equals(file.getName())) {
            room.claim(file.length()); // completed within this chunk: claimed whole
            return file;
          }
        }
        HttpData partial = body.partialFile();
        if (partial != null) {
          room.claim(partial.length());
        }
      }
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException
        | HttpPostRequestDecoder.TooManyFormFieldsException
        | HttpPostRequestDecoder.TooLongFormFieldException e) {
      if (StorageFullException.noSpace(e)) {
        // writing the part failed: the storage tells its own size_limit from its disk
        throw new IOException("the upload could not be written", e);
      }
      throw MultipartBody.unreadable(e);
    }
    if (body.partialFile() instanceof FileUpload partial && FIELD.equals(partial.getName())) {
      throw ApiException.badRequest(
          "The multipart body ended before the part named " + FIELD + " was complete.");
    }
    throw ApiException.badRequest(
        "Field " + FIELD + " is required: the multipart part holding the file.");
  }

  /** The body's next piece; a body the client broke off is refused as unreadable. */
  private static boolean read(MultipartBody body) {
    try {
      return body.read();
    } catch (IOException e) {
      throw MultipartBody.unreadable(e);
    }
  }
}
