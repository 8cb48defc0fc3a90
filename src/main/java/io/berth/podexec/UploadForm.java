package io.berth.podexec;

import io.berth.web.ApiException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The multipart form of {@code upload_to_pod}: a {@code file} part and a {@code dest_path} field,
 * in either order. Decoded as it streams in by Netty's decoder, the file written a megabyte at a
 * time to Berth's own spool directory (the engine needs its size before its bytes) and refused with
 * 413 as soon as it passes the site's limit; never held in memory.
 */
final class UploadForm {
  static final String FILE = "file";
  private static final int CHUNK_BYTES = 1024 * 1024;
  private static final int MAX_PARTS = 16;
  private static final int MAX_FIELD_BYTES = 8192;
  private static final int MAX_BUFFERED_BYTES = 4 * CHUNK_BYTES;

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
    String contentType = request.getContentType();
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    if (type == null
        || !MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type)
        || type.getParameter("boundary") == null) {
      throw ApiException.badRequest(
          "The upload must be multipart/form-data (with a boundary), the file in a field named "
              + FILE
              + " and its path in the pod in "
              + pathField.name()
              + ".");
    }
    if (request.getContentLengthLong() > limit + CHUNK_BYTES) {
      throw tooLarge(limit);
    }
    DefaultHttpDataFactory disk = new DefaultHttpDataFactory(true);
    disk.setBaseDir(spool.toString());
    disk.setDeleteOnExit(false); // the decoder deletes what it made
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpPostMultipartRequestDecoder decoder;
    try {
      decoder =
          new HttpPostMultipartRequestDecoder(
              disk, head, StandardCharsets.UTF_8, MAX_PARTS, MAX_BUFFERED_BYTES);
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
      throw unreadable(e);
    }
    try {
      FileUpload file = null;
      String destPath = null;
      InputStream in = request.getInputStream();
      byte[] chunk = new byte[CHUNK_BYTES];
      boolean last = false;
      while (!last) {
        int n = in.readNBytes(chunk, 0, chunk.length);
        last = n < chunk.length;
        try {
          decoder.offer(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk, 0, n)));
          if (last) {
            decoder.offer(LastHttpContent.EMPTY_LAST_CONTENT);
          }
          while (decoder.hasNext()) {
            InterfaceHttpData data = decoder.next();
            if (data instanceof FileUpload f && FILE.equals(f.getName()) && file == null) {
              file = f;
            } else if (data instanceof HttpData d && pathField.name().equals(d.getName())) {
              destPath = text(d);
            }
          }
        } catch (HttpPostRequestDecoder.EndOfDataDecoderException e) {
          break;
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException
            | HttpPostRequestDecoder.TooManyFormFieldsException
            | HttpPostRequestDecoder.TooLongFormFieldException e) {
          throw unreadable(e);
        }
        long received = file == null ? 0 : file.length();
        if (decoder.currentPartialHttpData() instanceof HttpData partial
            && partial.getHttpDataType() == InterfaceHttpData.HttpDataType.FileUpload) {
          received = Math.max(received, partial.length());
        }
        if (received > limit) {
          throw tooLarge(limit);
        }
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
    } finally {
      decoder.destroy();
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

  private static ApiException unreadable(Exception e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return ApiException.badRequest("The multipart body could not be read: " + reason);
  }
}
