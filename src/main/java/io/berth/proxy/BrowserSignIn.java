package io.berth.proxy;

import io.berth.auth.Caller;
import io.berth.auth.EmbeddedTenant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How a browser passes a gated pod's gate with no token: the gate sends it to Berth's {@code
 * /v3/pods/{host}/auth/callback}, which signs it in (Berth's own session, never seen by a pod) and
 * sends it back to the pod's host at {@link #TICKET_PATH} with a one-minute, one-use ticket; the
 * proxy (or Berth's forwardAuth answer, behind Traefik) trades the ticket for that host's proxy
 * session cookie and sends the browser on to the page it first asked for.
 */
@Component
class BrowserSignIn {
  /** Where a pod's host receives the ticket; never forwarded to a pod. */
  static final String TICKET_PATH = "/.berth/signed-in";

  private static final Duration TICKET_TTL = Duration.ofMinutes(1);
  private static final int MAX_RETURN_PATH = 2048;

  private final ProxySessions sessions;
  private final String berth;
  private final Duration sessionTtl;
  private final boolean tls;
  private final Clock clock;
  private final Map<String, Instant> taken = new ConcurrentHashMap<>();

  BrowserSignIn(
      ProxySessions sessions, EmbeddedTenant embedded, ProxyProperties proxy, Clock clock) {
    this.sessions = sessions;
    this.berth = embedded.baseUrl();
    this.sessionTtl = proxy.sessionTtl();
    this.tls = proxy.tls();
    this.clock = clock;
  }

  /** A session and where to go with it, from a redeemed ticket. */
  record Redeemed(String session, String returnPath) {}

  /** Berth's sign-in for a gated host, coming back to {@code returnPath} on it. */
  String signInUrl(String host, String returnPath) {
    return berth
        + "/v3/pods/"
        + host
        + "/auth/callback?return_path="
        + URLEncoder.encode(safeReturnPath(returnPath), StandardCharsets.UTF_8);
  }

  /** The web interface's page that starts a stopped pod (a form with Berth's CSRF token). */
  String startUrl(String podId) {
    return berth + "/ui/pods/" + URLEncoder.encode(podId, StandardCharsets.UTF_8) + "/start";
  }

  String berthUrl() {
    return berth;
  }

  /** The ticket path on the pod's host, carrying a ticket for the signed-in caller. */
  String ticketUrl(String podUrl, String host, Caller caller, String returnPath) {
    ProxySessions.Ticket ticket =
        new ProxySessions.Ticket(
            UUID.randomUUID().toString(),
            host,
            caller.tenant(),
            caller.user(),
            caller.isTenantAdmin(),
            clock.instant().plus(TICKET_TTL),
            safeReturnPath(returnPath));
    return podUrl
        + TICKET_PATH
        + "?ticket="
        + URLEncoder.encode(sessions.sealTicket(ticket), StandardCharsets.UTF_8);
  }

  /** Whether a request target is the ticket path (with or without its query). */
  static boolean isTicketPath(String uri) {
    return uri.equals(TICKET_PATH) || uri.startsWith(TICKET_PATH + "?");
  }

  /**
   * Trades the ticket in a request target for a session of this host, once; empty when the ticket
   * is missing, altered, of another host, expired or already taken.
   */
  Optional<Redeemed> redeem(String host, String uri) {
    String value = ticketParameter(uri);
    Optional<ProxySessions.Ticket> opened = sessions.openTicket(value);
    Instant now = clock.instant();
    if (opened.isEmpty()
        || !opened.get().host().equals(host)
        || !now.isBefore(opened.get().expires())) {
      return Optional.empty();
    }
    ProxySessions.Ticket t = opened.get();
    taken.values().removeIf(expires -> !now.isBefore(expires));
    if (taken.putIfAbsent(t.id(), t.expires()) != null) {
      return Optional.empty();
    }
    Instant expires = now.plus(sessionTtl);
    String session =
        sessions.seal(
            new ProxySessions.Session(
                t.host(), t.tenant(), t.user(), t.tenantAdmin(), expires, expires));
    return Optional.of(new Redeemed(session, t.returnPath()));
  }

  /** The Set-Cookie of a redeemed session at the built-in proxy; Secure behind TLS. */
  String cookie(Redeemed redeemed, boolean secure) {
    return SessionCookie.of(redeemed.session(), sessionTtl, secure || tls);
  }

  /** A path on the same host: anything else (another host, "//x", control characters) is "/". */
  static String safeReturnPath(String path) {
    if (path == null
        || path.isEmpty()
        || path.length() > MAX_RETURN_PATH
        || path.charAt(0) != '/'
        || path.startsWith("//")
        || path.startsWith("/\\")
        || isTicketPath(path)
        || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
      return "/";
    }
    return path;
  }

  private static String ticketParameter(String uri) {
    int q = uri.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String pair : uri.substring(q + 1).split("&")) {
      if (pair.startsWith("ticket=")) {
        return java.net.URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
