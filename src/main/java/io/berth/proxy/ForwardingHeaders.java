package io.berth.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What crosses the proxy in each direction: hop-by-hop headers stop here, the pod learns who asked
 * (X-Forwarded-For/Proto/Host) and keeps the Host it was asked by, and behind a gate the caller's
 * Berth token (header or session cookie) is not passed on to the pod.
 */
final class ForwardingHeaders {
  static final String SESSION_COOKIE = "berth_session";
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
          "transfer-encoding", "upgrade", "proxy-connection", "x-tapis-token");

  private ForwardingHeaders() {}

  static HttpHeaders toPod(HttpRequest req, String clientAddress, boolean tls, boolean gated, boolean upgrade) {
    HttpHeaders in = req.headers();
    HttpHeaders out = new DefaultHttpHeaders(false);
    for (Map.Entry<String, String> h : in) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name)) {
        continue;
      }
      if (gated && name.equals("cookie")) {
        String others = withoutSessionCookie(h.getValue());
        if (!others.isEmpty()) {
          out.add(h.getKey(), others);
        }
        continue;
      }
      if (gated && name.equals("authorization") && h.getValue().regionMatches(true, 0, "Bearer ", 0, 7)) {
        continue;
      }
      out.add(h.getKey(), h.getValue());
    }
    String prior = in.get("X-Forwarded-For");
    out.set("X-Forwarded-For", prior == null ? clientAddress : prior + ", " + clientAddress);
    out.set("X-Forwarded-Proto", tls ? "https" : "http");
    out.set("X-Forwarded-Host", in.get(HttpHeaderNames.HOST, ""));
    if (upgrade) {
      out.set(HttpHeaderNames.UPGRADE, in.get(HttpHeaderNames.UPGRADE));
      out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else if (chunked(in)) {
      out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return out;
  }

  /** The pod's response headers without hop-by-hop ones; framing and keep-alive are the caller's. */
  static HttpHeaders fromPod(HttpHeaders in) {
    HttpHeaders out = new DefaultHttpHeaders(false);
    for (Map.Entry<String, String> h : in) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        out.add(h.getKey(), h.getValue());
      }
    }
    return out;
  }

  static boolean chunked(HttpHeaders headers) {
    return headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
  }

  static boolean upgradesToWebsocket(HttpRequest req) {
    return "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
  }

  /** A Berth token sent as X-Tapis-Token or Authorization: Bearer, or null. */
  static String headerToken(HttpRequest req) {
    String tapis = req.headers().get("X-Tapis-Token");
    if (tapis != null && !tapis.isBlank()) {
      return tapis.trim();
    }
    String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return null;
  }

  static String cookieToken(HttpRequest req) {
    String header = req.headers().get(HttpHeaderNames.COOKIE);
    if (header == null) {
      return null;
    }
    for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
      if (SESSION_COOKIE.equals(c.name())) {
        return c.value();
      }
    }
    return null;
  }

  private static String withoutSessionCookie(String header) {
    return ServerCookieDecoder.LAX.decode(header).stream()
        .filter(c -> !SESSION_COOKIE.equals(c.name()))
        .map(c -> c.name() + "=" + c.value())
        .collect(Collectors.joining("; "));
  }
}
