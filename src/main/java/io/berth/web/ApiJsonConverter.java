package io.berth.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The converter every JSON request body is read through, whatever its headers say ({@code
 * application/json}, {@code application/octet-stream+json}, chunked or not): bodies past the limit
 * (1 MiB by default) are refused with 413 before more is read, and strings keep {@link
 * RequestText}'s rule. File uploads are streamed by their own endpoint and never come here.
 */
final class ApiJsonConverter extends JacksonJsonHttpMessageConverter {
  private final long limit;

  ApiJsonConverter(JsonMapper mapper, long limit) {
    super(mapper.rebuild().addModule(RequestText.module()).build());
    this.limit = limit;
  }

  @Override
  public Object read(ResolvableType type, HttpInputMessage input, Map<String, Object> hints)
      throws IOException {
    try {
      return super.read(type, bounded(input), hints);
    } catch (HttpMessageNotReadableException e) {
      throw tooLargeOr(e);
    }
  }

  @Override
  protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
    try {
      return super.readInternal(type, bounded(input));
    } catch (HttpMessageNotReadableException e) {
      throw tooLargeOr(e);
    }
  }

  private HttpInputMessage bounded(HttpInputMessage input) throws BodyTooLargeException {
    if (input.getHeaders().getContentLength() > limit) {
      throw new BodyTooLargeException(limit);
    }
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() throws IOException {
        return new Bounded(input.getBody(), limit);
      }

      @Override
      public HttpHeaders getHeaders() {
        return input.getHeaders();
      }
    };
  }

  /** The body ran past the limit while Jackson read it: that is a 413, not bad JSON. */
  private static IOException tooLargeOr(HttpMessageNotReadableException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException tooLarge) {
        return tooLarge;
      }
    }
    throw e;
  }

  /** Counts bytes as they are read, for bodies sent chunked or with a false Content-Length. */
  private static final class Bounded extends FilterInputStream {
    private final long limit;
    private long count;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      add(skipped);
      return skipped;
    }

    private void add(long n) throws BodyTooLargeException {
      count += n;
      if (count > limit) {
        throw new BodyTooLargeException(limit);
      }
    }
  }
}
