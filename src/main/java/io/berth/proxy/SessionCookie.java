package io.berth.proxy;

import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Duration;

/**
 * The Set-Cookie of a proxy session: for the pod's own host only (no Domain), hidden from scripts,
 * not sent on cross-site subrequests, and Secure when the client came over TLS.
 */
final class SessionCookie {
  private SessionCookie() {}

  static String of(String session, Duration ttl, boolean secure) {
    DefaultCookie cookie = new DefaultCookie(ProxySessions.COOKIE, session);
    cookie.setHttpOnly(true);
    cookie.setPath("/");
    cookie.setSecure(secure);
    cookie.setMaxAge(ttl.toSeconds());
    cookie.setSameSite(CookieHeaderNames.SameSite.Lax);
    return ServerCookieEncoder.STRICT.encode(cookie);
  }
}
