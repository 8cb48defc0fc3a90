package io.berth.volumes;

import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.web.ApiException;
import io.berth.web.StorageFull;
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
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A multipart upload, field {@code file}, as Tapis's upload endpoints take it, decoded while it
 * streams in by Netty's multipart decoder (already Berth's, for the proxy): the body is read a
 * megabyte at a time, the part is written to a file beside its target in the same large pieces and
 * renamed into place, never spooled elsewhere first, never held in memory. The decoder finds
 * boundaries with a word-at-a-time byte search, several times faster than byte-by-byte parsers, and
 * small reads and writes would each cost a system call: on a gigabyte both dominate.
 */
public final class MultipartUpload implements VolumeStorage.Upload {
  static final String FIELD = "file";
  private static final int CHUNK_BYTES = 1024 * 1024;
  private static final int MAX_PARTS = 64;
  private static final int MAX_BOUNDARY_CHARS = 70;
  // what the decoder may hold undecoded: a part's headers, never file data
  private static final int MAX_BUFFERED_BYTES = 4 * CHUNK_BYTES;

  private final HttpServletRequest request;

  private MultipartUpload(HttpServletRequest request) {
    this.request = request;
  }

  /** The upload in {@code request}, refused at once when the body is not multipart. */
  public static MultipartUpload of(HttpServletRequest request) {
    MediaType type;
    try {
      type = MediaType.parseMediaType(request.getContentType());
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    if (type == null || !MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type)) {
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
    DefaultHttpDataFactory disk = new DefaultHttpDataFactory(true);
    disk.setBaseDir(target.getParent().toString()); // beside the target: moving it in is a rename
    disk.setDeleteOnExit(false); // the decoder deletes what it made; deleteOnExit would leak
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, request.getContentType());
    HttpPostMultipartRequestDecoder decoder;
    try {
      decoder =
          new HttpPostMultipartRequestDecoder(
              disk, head, StandardCharsets.UTF_8, MAX_PARTS, MAX_BUFFERED_BYTES);
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
      throw unreadable(e);
    }
    try {
      FileUpload file = receive(decoder, room);
      file.renameTo(target.toFile());
      return file.length();
    } finally {
      decoder.destroy();
    }
  }

  /** Feeds the body to the decoder until the file part is complete. */
  private FileUpload receive(HttpPostMultipartRequestDecoder decoder, VolumeStorage.Room room)
      throws IOException {
    InputStream in = request.getInputStream();
    byte[] chunk = new byte[CHUNK_BYTES]; // reused: the decoder copies what it is offered
    boolean last = false;
    while (!last) {
      int n;
      try {
        n = in.readNBytes(chunk, 0, chunk.length);
      } catch (IOException e) {
        throw unreadable(e);
      }
      last = n < chunk.length;
      try {
        decoder.offer(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk, 0, n)));
        if (last) {
          decoder.offer(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        while (decoder.hasNext()) {
          if (decoder.next() instanceof FileUpload file && FIELD.equals(file.getName())) {
            room.claim(file.length()); // completed within this chunk: claimed whole
            return file;
          }
        }
      } catch (HttpPostRequestDecoder.EndOfDataDecoderException e) {
        break; // the body ended: every part it held has been seen
      } catch (HttpPostRequestDecoder.ErrorDataDecoderException
          | HttpPostRequestDecoder.TooManyFormFieldsException
          | HttpPostRequestDecoder.TooLongFormFieldException e) {
        if (StorageFullException.noSpace(e)) {
          // writing the part failed: the storage tells its own size_limit from its disk
          throw new IOException("the upload could not be written", e);
        }
        throw unreadable(e);
      }
      if (decoder.currentPartialHttpData() instanceof HttpData partial
          && partial.getHttpDataType() == InterfaceHttpData.HttpDataType.FileUpload) {
        room.claim(partial.length());
      }
    }
    if (decoder.currentPartialHttpData() instanceof FileUpload partial
        && FIELD.equals(partial.getName())) {
      throw ApiException.badRequest(
          "The multipart body ended before the part named " + FIELD + " was complete.");
    }
    throw ApiException.badRequest(
        "Field " + FIELD + " is required: the multipart part holding the file.");
  }

  private static ApiException unreadable(Exception e) {
    if (StorageFull.causes(e)) {
      return StorageFull.refusal("The upload"); // writing it failed, not reading it: 507
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return ApiException.badRequest("The multipart body could not be read: " + reason);
  }
}
