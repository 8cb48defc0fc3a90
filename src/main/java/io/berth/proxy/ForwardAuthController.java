package io.berth.proxy;

import io.berth.web.ApiException;
import io.berth.web.Envelope;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/pods/{host}/auth}: Traefik's forwardAuth for a pod's http route (Tapis's pod_auth
 * endpoint, addressed by host name since hosts are unique across tenants). It makes the built-in
 * proxy's decision: at a gated route a Berth token or this host's proxy session of a user who may
 * read the pod, 401 without credentials, 403 otherwise; on success 200 with the headers Traefik
 * copies onto the request (authResponseHeaders): the client's Cookie and Authorization without
 * Berth's credentials, and the entry's tapis_auth_response_headers, plus a new session cookie when
 * there is one (addAuthCookiesToResponse). Open routes ask only to have Berth's credentials
 * removed. A browser without credentials is sent to Berth's sign-in ({@link BrowserSignIn}), and
 * the ticket it comes back with becomes this host's session cookie.
 */
@RestController
class ForwardAuthController {
  private final RouteLookup routes;
  private final AccessGate gate;
  private final CredentialFilter credentials;
  private final ProxyProperties properties;
  private final BrowserSignIn signIn;

  ForwardAuthController(
      RouteLookup routes,
      AccessGate gate,
      CredentialFilter credentials,
      ProxyProperties properties,
      BrowserSignIn signIn) {
    this.routes = routes;
    this.gate = gate;
    this.credentials = credentials;
    this.properties = properties;
    this.signIn = signIn;
  }

  /** A browser's page load (Traefik passes the client's headers and its method on). */
  private static boolean isBrowser(HttpServletRequest request) {
    String method = request.getHeader("X-Forwarded-Method");
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return (method == null || "GET".equals(method) || "HEAD".equals(method))
        && accept != null
        && accept.contains("text/html");
  }

  @GetMapping("/v3/pods/{host}/auth")
  ResponseEntity<Envelope<Object>> auth(@PathVariable String host, HttpServletRequest request) {
    Route route =
        routes
            .httpRoute(host)
            .orElseThrow(() -> ApiException.notFound("No pod answers at " + host + "."));
    String forwardedHost = request.getHeader("X-Forwarded-Host");
    if (forwardedHost != null && !UrlScheme.normalizeHost(forwardedHost).equals(route.host())) {
      throw ApiException.badRequest(
          "X-Forwarded-Host " + forwardedHost + " is not the address checked here, " + host + ".");
    }
    if (!route.available()) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "Pod " + route.podId() + " is " + route.status() + "; it answers once it is AVAILABLE.");
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    List<String> cookies = Collections.list(request.getHeaders(HttpHeaders.COOKIE));
    HttpHeaders toPod = new HttpHeaders();
    String kept = CredentialFilter.withoutBerthCookies(cookies);
    if (kept != null) {
      toPod.set(HttpHeaders.COOKIE, kept);
    }
    if (authorization != null && !credentials.isBerthBearer(authorization)) {
      toPod.set(HttpHeaders.AUTHORIZATION, authorization);
    }
    if (!route.gated()) {
      return ResponseEntity.ok().headers(toPod).body(Envelope.ok("Open address.", null));
    }
    String uri = request.getHeader("X-Forwarded-Uri");
    boolean tls = "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    if (uri != null && BrowserSignIn.isTicketPath(uri)) {
      BrowserSignIn.Redeemed redeemed =
          signIn
              .redeem(route.host(), uri)
              .orElseThrow(() ->
                  ApiException.forbidden(
                      "This sign-in link is not valid here, has expired or was used; open the pod's"
                          + " address again."));
      return ResponseEntity.status(HttpStatus.FOUND)
          .header(HttpHeaders.LOCATION, redeemed.returnPath())
          .header(HttpHeaders.SET_COOKIE, signIn.cookie(redeemed, tls))
          .body(Envelope.ok("Signed in; back to " + redeemed.returnPath() + ".", null));
    }
    AccessGate.Credentials presented =
        CredentialFilter.credentials(
            request.getHeader(CredentialFilter.X_TAPIS_TOKEN), authorization, cookies);
    switch (gate.check(route, presented)) {
      case AccessGate.Verdict.NoCredentials n when isBrowser(request) -> {
        // Traefik hands this answer to the browser: off to Berth's sign-in and back
        return ResponseEntity.status(HttpStatus.FOUND)
            .header(HttpHeaders.LOCATION, signIn.signInUrl(route.host(), uri))
            .body(Envelope.ok("Sign in first.", null));
      }
      case AccessGate.Verdict.NoCredentials n ->
          throw ApiException.unauthorized(
              "This address is protected: send a Berth token (X-Tapis-Token or Authorization:"
                  + " Bearer).");
      case AccessGate.Verdict.Denied d ->
          throw ApiException.forbidden("Access refused: " + d.reason() + ".");
      case AccessGate.Verdict.Allowed allowed -> {
        credentials.authHeaders(route, allowed).forEach(toPod::set);
        if (allowed.session() != null) {
          toPod.add(
              HttpHeaders.SET_COOKIE,
              SessionCookie.of(allowed.session(), properties.sessionTtl(), tls));
        }
        return ResponseEntity.ok()
            .headers(toPod)
            .body(Envelope.ok("Access granted to " + allowed.user() + ".", null));
      }
    }
  }
}
