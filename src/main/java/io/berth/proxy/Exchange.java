package io.berth.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** What a proxied request says about its exchange, read once when the exchange starts. */
record Exchange(
    ProxiedRequest proxied, boolean keepAlive, boolean head, boolean upgrade, boolean http10) {

  static Exchange of(ProxiedRequest p) {
    HttpRequest req = p.request();
    return new Exchange(
        p,
        HttpUtil.isKeepAlive(req),
        HttpMethod.HEAD.equals(req.method()),
        ForwardingHeaders.upgradesToWebsocket(req),
        HttpVersion.HTTP_1_0.equals(req.protocolVersion()));
  }

  /** Safe to send again (RFC 9110, 9.2.2), as browsers and nginx do. */
  boolean idempotent() {
    HttpMethod m = proxied.request().method();
    return HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m);
  }

  String podId() {
    return proxied.route().podId();
  }

  /**
   * Rewrites the head of the pod's final response for the client in place: hop-by-hop headers and
   * Berth's cookies go, framing suits the client (chunked where the pod framed by closing), the
   * proxy's session cookie is set when the gate opened a new one.
   *
   * @return whether the client's connection stays open after this response
   */
  boolean prepare(HttpResponse res, ProxyProperties properties) {
    int code = res.status().code();
    HttpHeaders headers = res.headers();
    boolean podChunked = ForwardingHeaders.chunked(headers);
    ForwardingHeaders.fromPod(headers);
    CredentialFilter.fromPod(headers);
    CorsPolicy cors = proxied.route().cors();
    if (cors.on()) { // most routes: no Origin lookup per response
      cors.apply(headers, proxied.request().headers().get(HttpHeaderNames.ORIGIN));
    }
    boolean bodyless = head || code == 204 || code == 304;
    boolean stays = keepAlive;
    if (!bodyless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      if (http10) {
        stays = false; // an HTTP/1.0 client reads the body until the connection closes
      } else {
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    } else if (head && podChunked) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    AccessGate.Verdict.Allowed allowed = proxied.allowed();
    if (allowed != null && allowed.session() != null) {
      headers.add(
          HttpHeaderNames.SET_COOKIE,
          SessionCookie.of(allowed.session(), properties.sessionTtl(), properties.tls()));
    }
    res.setProtocolVersion(HttpVersion.HTTP_1_1);
    HttpUtil.setKeepAlive(res, stays);
    return stays;
  }
}
