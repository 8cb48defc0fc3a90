package io.berth.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What crosses the proxy in each direction: hop-by-hop headers stop here, and the pod learns who
 * asked (X-Forwarded-For/Proto/Host) and keeps the Host it was asked by. Berth's credentials are
 * {@link CredentialFilter}'s business.
 */
final class ForwardingHeaders {
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  private static final AsciiString HTTP = AsciiString.cached("http");
  private static final AsciiString HTTPS = AsciiString.cached("https");
  private static final List<AsciiString> HOP_BY_HOP =
      List.of(
          HttpHeaderNames.CONNECTION,
          HttpHeaderNames.KEEP_ALIVE,
          HttpHeaderNames.PROXY_AUTHENTICATE,
          HttpHeaderNames.PROXY_AUTHORIZATION,
          HttpHeaderNames.TE,
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.TRANSFER_ENCODING,
          HttpHeaderNames.UPGRADE,
          AsciiString.cached("proxy-connection"));

  private ForwardingHeaders() {}

  /**
   * Rewrites the client's request in place for the pod (no copy of the headers on the hot path).
   */
  static void toPod(HttpRequest req, String clientAddress, boolean tls, boolean upgrade) {
    HttpHeaders h = req.headers();
    String upgradeTo = upgrade ? h.get(HttpHeaderNames.UPGRADE) : null;
    boolean chunked = chunked(h);
    removeHopByHop(h);
    String prior = h.get(X_FORWARDED_FOR);
    h.set(X_FORWARDED_FOR, prior == null ? clientAddress : prior + ", " + clientAddress);
    h.set(X_FORWARDED_PROTO, tls ? HTTPS : HTTP);
    String host = h.get(HttpHeaderNames.HOST);
    h.set(X_FORWARDED_HOST, host == null ? "" : host);
    if (upgradeTo != null) {
      h.set(HttpHeaderNames.UPGRADE, upgradeTo);
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else if (chunked) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    req.setProtocolVersion(HttpVersion.HTTP_1_1);
  }

  /** Drops the pod's hop-by-hop headers in place; framing and keep-alive are the caller's. */
  static void fromPod(HttpHeaders h) {
    removeHopByHop(h);
  }

  /** The standard hop-by-hop headers and any the Connection header names. */
  private static void removeHopByHop(HttpHeaders h) {
    String connection = h.get(HttpHeaderNames.CONNECTION);
    if (connection != null) {
      for (String token : connection.split(",")) {
        String name = token.trim();
        if (!name.equalsIgnoreCase("host")) { // the pod must still learn which name was asked
          h.remove(name);
        }
      }
    }
    for (AsciiString name : HOP_BY_HOP) {
      h.remove(name);
    }
  }

  /** The client's IP address, for X-Forwarded-For. */
  static String clientAddress(Channel client) {
    return client.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : "unknown";
  }

  static boolean chunked(HttpHeaders headers) {
    return headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
  }

  static boolean upgradesToWebsocket(HttpRequest req) {
    return "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
  }
}
