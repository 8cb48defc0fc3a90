package io.berth.proxy;

import com.nimbusds.jwt.SignedJWT;
import io.berth.auth.AuthProperties;
import io.berth.auth.EmbeddedTenant;
import io.berth.config.BerthProperties;
import io.berth.pods.AuthResponseHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Keeps Berth's credentials away from pods, gated or not: {@code X-Tapis-Token}, an {@code
 * Authorization: Bearer} token whose issuer Berth trusts, and Berth's cookies ({@code berth_*})
 * never reach a pod, and a pod cannot set Berth's cookies. What a gated pod learns about the caller
 * is only what its entry's tapis_auth_response_headers ask for, set after removing whatever the
 * client sent under those names. Used by the built-in proxy and, through the forwardAuth answer, by
 * Traefik.
 */
@Component
class CredentialFilter {
  static final String X_TAPIS_TOKEN = "X-Tapis-Token";
  private static final String BERTH_COOKIE_PREFIX = "berth_";

  private final Set<String> issuers = new HashSet<>();
  private final String site;

  CredentialFilter(AuthProperties auth, EmbeddedTenant embedded, BerthProperties berth) {
    if (auth.embeddedIssuer()) {
      issuers.add(embedded.issuer());
    }
    auth.tenants().forEach(t -> issuers.add(t.issuer()));
    this.site = berth.site();
  }

  /** A Berth token in X-Tapis-Token or Authorization: Bearer, and the proxy's session cookie. */
  static AccessGate.Credentials credentials(
      String tapisToken, String authorization, List<String> cookieHeaders) {
    String token = null;
    if (tapisToken != null && !tapisToken.isBlank()) {
      token = tapisToken.trim();
    } else if (bearer(authorization) != null) {
      token = bearer(authorization);
    }
    return new AccessGate.Credentials(token, cookie(cookieHeaders, ProxySessions.COOKIE));
  }

  static AccessGate.Credentials credentials(HttpHeaders h) {
    return credentials(
        h.get(X_TAPIS_TOKEN),
        h.get(HttpHeaderNames.AUTHORIZATION),
        h.getAll(HttpHeaderNames.COOKIE));
  }

  /** Rewrites a request's headers in place for the pod; {@code allowed} is null on open routes. */
  void toPod(HttpHeaders h, Route route, AccessGate.Verdict.Allowed allowed) {
    h.remove(X_TAPIS_TOKEN);
    if (isBerthBearer(h.get(HttpHeaderNames.AUTHORIZATION))) {
      h.remove(HttpHeaderNames.AUTHORIZATION);
    }
    List<String> cookies = h.getAll(HttpHeaderNames.COOKIE);
    if (!cookies.isEmpty()) {
      String kept = withoutBerthCookies(cookies);
      if (kept == null) {
        h.remove(HttpHeaderNames.COOKIE);
      } else {
        h.set(HttpHeaderNames.COOKIE, kept);
      }
    }
    if (route.gated()) {
      route.authHeaders().keySet().forEach(h::remove);
      if (allowed != null) {
        authHeaders(route, allowed).forEach(h::set);
      }
    }
  }

  /** Drops the pod's attempts to set Berth's cookies on the client. */
  static void fromPod(HttpHeaders h) {
    if (!h.contains(HttpHeaderNames.SET_COOKIE)) {
      return; // most responses: no list, stream or iterator per response
    }
    List<String> setCookies = h.getAll(HttpHeaderNames.SET_COOKIE);
    if (setCookies.stream().anyMatch(CredentialFilter::namesBerthCookie)) {
      List<String> kept = setCookies.stream().filter(c -> !namesBerthCookie(c)).toList();
      h.remove(HttpHeaderNames.SET_COOKIE);
      kept.forEach(c -> h.add(HttpHeaderNames.SET_COOKIE, c));
    }
  }

  /** What the gated route's pod is told about the caller who passed. */
  Map<String, String> authHeaders(Route route, AccessGate.Verdict.Allowed allowed) {
    return AuthResponseHeaders.expand(route.authHeaders(), allowed.user(), allowed.tenant(), site);
  }

  /** Whether an Authorization header value is a bearer JWT of an issuer Berth trusts. */
  boolean isBerthBearer(String authorization) {
    String token = bearer(authorization);
    if (token == null) {
      return false;
    }
    try {
      String issuer = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
      return issuer != null && issuers.contains(issuer);
    } catch (ParseException | RuntimeException e) {
      return false; // not a JWT: the pod's own business
    }
  }

  /** The cookie headers joined without Berth's cookies, or null when none is left. */
  static String withoutBerthCookies(List<String> cookieHeaders) {
    List<String> kept = new ArrayList<>();
    for (String header : cookieHeaders) {
      for (String pair : header.split(";")) {
        String trimmed = pair.strip();
        if (!trimmed.isEmpty() && !isBerthCookie(trimmed)) {
          kept.add(trimmed);
        }
      }
    }
    return kept.isEmpty() ? null : String.join("; ", kept);
  }

  private static boolean isBerthCookie(String pair) {
    return pair.toLowerCase(Locale.ROOT).startsWith(BERTH_COOKIE_PREFIX);
  }

  private static boolean namesBerthCookie(String setCookie) {
    return isBerthCookie(setCookie.stripLeading());
  }

  private static String bearer(String authorization) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }

  private static String cookie(List<String> cookieHeaders, String name) {
    for (String header : cookieHeaders) {
      for (String pair : header.split(";")) {
        String trimmed = pair.strip();
        int eq = trimmed.indexOf('=');
        if (eq > 0 && trimmed.substring(0, eq).strip().equals(name)) {
          String value = trimmed.substring(eq + 1).strip();
          return value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")
              ? value.substring(1, value.length() - 1)
              : value;
        }
      }
    }
    return null;
  }
}
