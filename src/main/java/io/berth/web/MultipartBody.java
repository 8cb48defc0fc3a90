package io.berth.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
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
 * A multipart/form-data request body decoded as it streams in, by Netty's multipart decoder
 * (already Berth's, for the proxy): read a megabyte at a time, each file part written to a file in
 * a directory the caller picks, never held in memory. The decoder finds boundaries with a
 * word-at-a-time byte search, and small reads and writes would each cost a system call: on a
 * gigabyte both dominate. What a body the decoder cannot read throws is the decoder's own (its
 * {@code HttpPostRequestDecoder} exceptions), for the caller to refuse with {@link #unreadable}.
 */
public final class MultipartBody implements AutoCloseable {
  public static final int CHUNK_BYTES = 1024 * 1024;
  // what the decoder may hold undecoded: a part's headers, never file data
  private static final int MAX_BUFFERED_BYTES = 4 * CHUNK_BYTES;

  private final HttpPostMultipartRequestDecoder decoder;
  private final InputStream in;
  private final byte[] chunk =
      new byte[CHUNK_BYTES]; // reused: the decoder copies what it is offered
  private boolean ended;

  private MultipartBody(HttpPostMultipartRequestDecoder decoder, InputStream in) {
    this.decoder = decoder;
    this.in = in;
  }

  /** The Content-Type when it is multipart/form-data; null when absent, unreadable or another. */
  public static MediaType formType(String contentType) {
    try {
      MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
      return type != null && MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type) ? type : null;
    } catch (InvalidMediaTypeException e) {
      return null;
    }
  }

  /**
   * Starts decoding the request's body, its file parts written in {@code dir} (deleted by {@link
   * #close} unless moved away); a Content-Type the decoder cannot use is refused with 400.
   */
  public static MultipartBody open(HttpServletRequest request, Path dir, int maxParts)
      throws IOException {
    DefaultHttpDataFactory disk = new DefaultHttpDataFactory(true);
    disk.setBaseDir(dir.toString());
    disk.setDeleteOnExit(false); // the decoder deletes what it made; deleteOnExit would leak
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, request.getContentType());
    try {
      return new MultipartBody(
          new HttpPostMultipartRequestDecoder(
              disk, head, StandardCharsets.UTF_8, maxParts, MAX_BUFFERED_BYTES),
          request.getInputStream());
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
      throw unreadable(e);
    }
  }

  /** Decodes the body's next piece; false, reading nothing, once the body has ended. */
  public boolean read() throws IOException {
    if (ended) {
      return false;
    }
    int n = in.readNBytes(chunk, 0, chunk.length);
    ended = n < chunk.length;
    decoder.offer(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk, 0, n)));
    if (ended) {
      decoder.offer(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    return true;
  }

  /** The next part completed by what was read, each once; null when none is (yet). */
  public InterfaceHttpData nextPart() {
    try {
      return decoder.hasNext() ? decoder.next() : null;
    } catch (HttpPostRequestDecoder.EndOfDataDecoderException e) {
      return null; // the body ended: every part it held has been seen
    }
  }

  /** The file part being received, not yet complete; null when none is. */
  public HttpData partialFile() {
    return decoder.currentPartialHttpData() instanceof HttpData partial
            && partial.getHttpDataType() == InterfaceHttpData.HttpDataType.FileUpload
        ? partial
        : null;
  }

  @Override
  public void close() {
    decoder.destroy();
  }

  /**
   * The refusal of a body that could not be read: 400 naming the decoder's reason, or 507 when
   * writing a part failed on a full disk.
   */
  public static ApiException unreadable(Exception e) {
    if (StorageFull.causes(e)) {
      return StorageFull.refusal("The upload"); // writing it failed, not reading it
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return ApiException.badRequest("The multipart body could not be read: " + reason);
  }
}
