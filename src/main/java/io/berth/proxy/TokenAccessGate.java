package io.berth.proxy;

import com.nimbusds.jwt.SignedJWT;
import io.berth.auth.Caller;
import io.berth.auth.TokenValidator;
import io.berth.permissions.AccessList;
import io.berth.permissions.Resource;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The gate of gated routes, for the built-in proxy and for Traefik's forwardAuth alike: a valid
 * Berth token, or a session this gate issued for the same host, of the pod's tenant whose user
 * holds at least READ on the pod (tenant admins hold it on every pod) and is on the entry's allowed
 * users. A token opens a session for that host alone; a session is renewed when half its life is
 * gone, never past the expiry of the token that opened it.
 */
@Component
class TokenAccessGate implements AccessGate {
  private final TokenValidator tokens;
  private final AccessList permissions;
  private final ProxySessions sessions;
  private final Duration ttl;
  private final Clock clock;

  TokenAccessGate(
      TokenValidator tokens,
      AccessList permissions,
      ProxySessions sessions,
      ProxyProperties properties,
      Clock clock) {
    this.tokens = tokens;
    this.permissions = permissions;
    this.sessions = sessions;
    this.ttl = properties.sessionTtl();
    this.clock = clock;
  }

  @Override
  public Verdict check(Route route, Credentials credentials) {
    Instant now = clock.instant();
    if (credentials.token() != null && !credentials.token().isBlank()) {
      return byToken(route, credentials.token(), now);
    }
    if (credentials.session() != null && !credentials.session().isBlank()) {
      return bySession(route, credentials.session(), now);
    }
    return new Verdict.NoCredentials();
  }

  private Verdict byToken(Route route, String token, Instant now) {
    Caller caller;
    try {
      caller = tokens.validate(token);
    } catch (TokenValidator.InvalidTokenException e) {
      return new Verdict.Denied(e.getMessage());
    }
    Verdict verdict = decide(route, caller.tenant(), caller.user(), caller.isTenantAdmin());
    if (!(verdict instanceof Verdict.Allowed)) {
      return verdict;
    }
    Instant limit = expiry(token).orElse(now.plus(ttl));
    ProxySessions.Session session =
        new ProxySessions.Session(
            route.host(),
            caller.tenant(),
            caller.user(),
            caller.isTenantAdmin(),
            earlier(now.plus(ttl), limit),
            limit);
    return new Verdict.Allowed(
        caller.tenant(), caller.user(), sessions.seal(session), caller.isTenantAdmin());
  }

  private Verdict bySession(Route route, String value, Instant now) {
    Optional<ProxySessions.Session> opened = sessions.open(value);
    if (opened.isEmpty() || !opened.get().host().equals(route.host())) {
      return new Verdict.Denied("the session is not one of this address");
    }
    ProxySessions.Session s = opened.get();
    if (!now.isBefore(s.expires())) {
      return new Verdict.NoCredentials(); // expired: the client shows its token again
    }
    Verdict verdict = decide(route, s.tenant(), s.user(), s.tenantAdmin());
    if (!(verdict instanceof Verdict.Allowed)) {
      return verdict;
    }
    boolean renew =
        Duration.between(now, s.expires()).compareTo(ttl.dividedBy(2)) < 0
            && s.expires().isBefore(s.limit());
    String renewed =
        renew
            ? sessions.seal(
                new ProxySessions.Session(
                    s.host(),
                    s.tenant(),
                    s.user(),
                    s.tenantAdmin(),
                    earlier(now.plus(ttl), s.limit()),
                    s.limit()))
            : null;
    return new Verdict.Allowed(s.tenant(), s.user(), renewed, s.tenantAdmin());
  }

  /** The gate's decision for a caller Berth signed in itself (the browser's sign-in). */
  Verdict admit(Route route, Caller caller) {
    return decide(route, caller.tenant(), caller.user(), caller.isTenantAdmin());
  }

  private Verdict decide(Route route, String tenant, String user, boolean tenantAdmin) {
    if (!tenant.equals(route.tenant())) {
      return new Verdict.Denied("this pod belongs to another tenant");
    }
    if (!route.allowedUsers().contains("*") && !route.allowedUsers().contains(user)) {
      return new Verdict.Denied("user " + user + " is not allowed on this address");
    }
    boolean reads =
        tenantAdmin
            || permissions.levelOf(Resource.pod(route.tenant(), route.podId()), user).isPresent();
    return reads
        ? new Verdict.Allowed(tenant, user, null, tenantAdmin)
        : new Verdict.Denied("user " + user + " holds no permission on pod " + route.podId());
  }

  /** The token's own expiry (it was validated just before, so it parses). */
  private static Optional<Instant> expiry(String token) {
    try {
      Date exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime();
      return Optional.ofNullable(exp).map(Date::toInstant);
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
