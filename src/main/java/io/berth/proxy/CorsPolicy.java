package io.berth.proxy;

import io.berth.templates.Networking;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A networking entry's {@code cors_*} fields as the proxy applies them (as Tapis's Traefik headers
 * middleware does): off while {@code cors_allow_origins} is empty; otherwise a preflight from an
 * allowed origin is answered by the proxy itself (the pod never sees it, and the access gate lets
 * it through, as browsers send no credentials with one), and every response to an allowed origin
 * carries the Access-Control headers in place of the pod's own. {@code *} allows any origin; with
 * credentials allowed the origin itself is named, as browsers require.
 */
record CorsPolicy(
    List<String> origins,
    List<String> methods,
    List<String> headers,
    boolean credentials,
    int maxAge) {
  static final CorsPolicy OFF = new CorsPolicy(List.of(), List.of(), List.of(), false, 0);
  private static final List<String> DEFAULT_METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  CorsPolicy {
    origins = List.copyOf(origins);
    methods = List.copyOf(methods);
    headers = List.copyOf(headers);
  }

  static CorsPolicy of(Networking n) {
    if (n.corsAllowOrigins() == null || n.corsAllowOrigins().isEmpty()) {
      return OFF;
    }
    return new CorsPolicy(
        n.corsAllowOrigins(),
        n.corsAllowMethods() == null || n.corsAllowMethods().isEmpty()
            ? DEFAULT_METHODS
            : n.corsAllowMethods(),
        n.corsAllowHeaders() == null ? List.of() : n.corsAllowHeaders(),
        Boolean.TRUE.equals(n.corsAllowCredentials()),
        n.corsMaxAge() == null ? 100 : n.corsMaxAge());
  }

  boolean on() {
    return !origins.isEmpty();
  }

  /** A browser's preflight: OPTIONS with an Origin and the method it means to send. */
  boolean isPreflight(HttpRequest request) {
    return on()
        && HttpMethod.OPTIONS.equals(request.method())
        && request.headers().contains(HttpHeaderNames.ORIGIN)
        && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** The value of Access-Control-Allow-Origin for {@code origin}, if it is allowed. */
  Optional<String> allowedOrigin(String origin) {
    if (!on() || origin == null || origin.isBlank()) {
      return Optional.empty();
    }
    if (origins.contains("*")) {
      return Optional.of(credentials ? origin : "*");
    }
    String asked = origin.toLowerCase(Locale.ROOT);
    return origins.stream()
        .filter(o -> o.toLowerCase(Locale.ROOT).equals(asked))
        .findFirst()
        .map(o -> origin);
  }

  /**
   * The proxy's answer to a preflight: 204, with the allowed methods, headers and max age when the
   * origin is allowed, without any Access-Control header (so the browser refuses) when it is not.
   */
  FullHttpResponse preflight(HttpRequest request, boolean keepAlive) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    HttpHeaders out = res.headers();
    out.set(HttpHeaderNames.VARY, "Origin");
    allowedOrigin(request.headers().get(HttpHeaderNames.ORIGIN))
        .ifPresent(origin -> {
          allow(out, origin);
          out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", methods));
          String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
          String allowed =
              headers.contains("*") && asked != null ? asked : String.join(", ", headers);
          if (!allowed.isEmpty()) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowed);
          }
          out.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAge);
        });
    HttpUtil.setKeepAlive(res, keepAlive);
    return res;
  }

  /** Puts the policy's headers on a pod's response to a request from {@code origin}. */
  void apply(HttpHeaders response, String origin) {
    if (!on()) {
      return;
    }
    response.remove(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN);
    response.remove(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS);
    response.add(HttpHeaderNames.VARY, "Origin");
    allowedOrigin(origin).ifPresent(allowed -> allow(response, allowed));
  }

  private void allow(HttpHeaders out, String origin) {
    out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    if (credentials) {
      out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }
}
