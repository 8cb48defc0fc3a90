package io.berth.podexec;

import io.berth.web.ApiException;
import io.berth.web.MultipartBody;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.springframework.http.MediaType;

/**
 * The multipart form of {@code upload_to_pod}: a {@code file} part and a {@code dest_path} field,
 * in either order. Decoded as it streams in by Netty's decoder, the file written a megabyte at a
 * time to Berth's own spool directory (the engine needs its size before its bytes) and refused with
 * 413 as soon as it passes the site's limit; never held in memory.
 */
final class UploadForm {
  static final String FILE = "file";
  private static final int MAX_PARTS = 16;
  private static final int MAX_FIELD_BYTES = 8192;

  /** What is done with the form once it is whole; the spooled file is deleted afterwards. */
  interface Receiver<T> {
    T receive(String destPath, Path file, long size) throws IOException;
  }

  private UploadForm() {}

  /**
   * A text field's value. tapipy (requests' {@code files=}) sends every field of the form as a file
   * part, {@code dest_path} included, so a file part of that name is read as its text too.
   */
  private static String text(HttpData field) throws IOException {
    if (field.length() > MAX_FIELD_BYTES) {
      throw ApiException.badRequest(
          "Field " + field.getName() + " must be at most " + MAX_FIELD_BYTES + " bytes.");
    }
    return field.getString(StandardCharsets.UTF_8);
  }

  /** The form field naming where the file goes, and its rule (the checked absolute path). */
  record PathField(String name, UnaryOperator<String> check) {
    static final PathField DEST_PATH = new PathField(DestinationPath.FIELD, DestinationPath::check);
  }

  static <T> T read(HttpServletRequest request, long limit, Path spool, Receiver<T> receiver)
      throws IOException {
    return read(request, limit, spool, PathField.DEST_PATH, receiver);
  }

  static <T> T read(
      HttpServletRequest request, long limit, Path spool, PathField pathField, Receiver<T> receiver)
      throws IOException {
    MediaType type = MultipartBody.formType(request.getContentType());
    if (type == null || type.getParameter("boundary") == null) {
      throw ApiException.badRequest(
          "The upload must be multipart/form-data (with a boundary), the file in a field named "
              + FILE
              + " and its path in the pod in "
              + pathField.name()
              + ".");
    }
    if (request.getContentLengthLong() > limit + MultipartBody.CHUNK_BYTES) {
      throw tooLarge(limit);
    }
    try (MultipartBody body = MultipartBody.open(request, spool, MAX_PARTS)) {
      FileUpload file = null;
      String destPath = null;
      try {
        while (body.read()) {
          for (InterfaceHttpData data = body.nextPart(); data != null; data = body.nextPart()) {
            if (data instanceof FileUpload f && FILE.equals(f.getName()) && file == null) {
              file = f;
            } else if (data instanceof HttpData d && pathField.name().equals(d.getName())) {
              destPath = text(d);
            }
          }
          HttpData partial = body.partialFile();
          long received =
              Math.max(file == null ? 0 : file.length(), partial == null ? 0 : partial.length());
          if (received > limit) {
            throw tooLarge(limit);
          }
        }
      } catch (HttpPostRequestDecoder.ErrorDataDecoderException
          | HttpPostRequestDecoder.TooManyFormFieldsException
          | HttpPostRequestDecoder.TooLongFormFieldException e) {
        throw MultipartBody.unreadable(e);
      }
      if (file != null && file.length() > limit) {
        throw tooLarge(limit); // completed in the body's last piece
      }
      if (file == null) {
        throw ApiException.badRequest(
            "Field " + FILE + " is required: the multipart part holding the file.");
      }
      String checked = pathField.check().apply(destPath);
      return receiver.receive(checked, file.getFile().toPath(), file.length());
    }
  }

  private static ApiException tooLarge(long limit) {
    return ApiException.tooLarge(
        "Field "
            + FILE
            + " is over this site's limit for a file copied into a pod ("
            + limit / (1024 * 1024)
            + " MB); nothing was copied.");
  }
}
