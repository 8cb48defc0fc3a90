package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.auth.AuthProperties;
import io.berth.auth.EmbeddedTenant;
import io.berth.auth.SiteKeys;
import io.berth.auth.TokenValidator;
import io.berth.config.BerthProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The session side of the gate: host-bound, expiring, renewed within its token's life only. */
class TokenAccessGateTest {
  static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  final Route route =
      Route.builder("web.pods.localhost", "default", "web", "default")
          .target("h:1")
          .gated(true)
          .build();

  final SiteKeys keys = keys();
  final ProxySessions sessions = new ProxySessions(keys);

  static SiteKeys keys() {
    try {
      return ProxySessionsTest.keys();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  TokenAccessGate gateAt(Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    AuthProperties auth = new AuthProperties(null, null, null, null, null, null, null);
    BerthProperties berth = new BerthProperties(null, 8080, null, null);
    ProxyProperties properties = UrlSchemeTest.properties(null); // sessions of 30 minutes
    // only tenant admins' sessions here, so no permission is looked up
    return new TokenAccessGate(
        new TokenValidator(auth, new EmbeddedTenant(auth, berth), keys, clock),
        null,
        sessions,
        properties,
        clock);
  }

  String session(String host, String tenant, Instant expires, Instant limit) {
    return sessions.seal(new ProxySessions.Session(host, tenant, "carol", true, expires, limit));
  }

  AccessGate.Verdict check(Instant now, String session) {
    return gateAt(now).check(route, new AccessGate.Credentials(null, session));
  }

  @Test
  void aFreshSessionPassesAsItIs() {
    String s =
        session("web.pods.localhost", "default", NOW.plusSeconds(1500), NOW.plusSeconds(9000));
    assertThat(check(NOW, s))
        .isEqualTo(new AccessGate.Verdict.Allowed("default", "carol", null, true));
  }

  @Test
  void aSessionPastHalfItsLifeIsRenewedButNeverBeyondItsToken() {
    Instant limit = NOW.plusSeconds(1000);
    String s = session("web.pods.localhost", "default", NOW.plusSeconds(600), limit);
    AccessGate.Verdict verdict = check(NOW, s);
    assertThat(verdict).isInstanceOf(AccessGate.Verdict.Allowed.class);
    String renewed = ((AccessGate.Verdict.Allowed) verdict).session();
    assertThat(sessions.open(renewed).orElseThrow().expires()).isEqualTo(limit);
    String atLimit = session("web.pods.localhost", "default", limit, limit);
    assertThat(((AccessGate.Verdict.Allowed) check(NOW, atLimit)).session()).isNull();
  }

  @Test
  void anExpiredSessionAsksForCredentialsAgain() {
    String s = session("web.pods.localhost", "default", NOW, NOW.plusSeconds(9000));
    assertThat(check(NOW, s)).isInstanceOf(AccessGate.Verdict.NoCredentials.class);
    assertThat(check(NOW.minus(Duration.ofSeconds(1)), s))
        .isInstanceOf(AccessGate.Verdict.Allowed.class);
  }

  @Test
  void aSessionOfAnotherHostOrTenantOrNoSessionAtAllIsRefused() {
    Instant later = NOW.plusSeconds(1500);
    assertThat(check(NOW, session("other.pods.localhost", "default", later, later)))
        .isInstanceOf(AccessGate.Verdict.Denied.class);
    assertThat(check(NOW, session("web.pods.localhost", "science", later, later)))
        .isInstanceOf(AccessGate.Verdict.Denied.class);
    assertThat(check(NOW, "s1.forged")).isInstanceOf(AccessGate.Verdict.Denied.class);
    assertThat(gateAt(NOW).check(route, new AccessGate.Credentials(null, null)))
        .isInstanceOf(AccessGate.Verdict.NoCredentials.class);
  }
}
