package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.auth.AuthProperties;
import io.berth.auth.Caller;
import io.berth.auth.EmbeddedTenant;
import io.berth.config.BerthProperties;
import io.berth.testing.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ticket a browser carries from Berth's sign-in to a gated pod's host. */
class BrowserSignInTest {
  static final String HOST = "web.pods.localhost";
  static final String POD_URL = "http://web.pods.localhost:8081";
  final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
  ProxySessions sessions;
  BrowserSignIn signIn;

  BrowserSignInTest() throws Exception {
    sessions = new ProxySessions(ProxySessionsTest.keys());
    AuthProperties auth =
        new AuthProperties(null, "default", "https://berth.example", null, null, null, null);
    EmbeddedTenant embedded =
        new EmbeddedTenant(auth, new BerthProperties(null, 8080, "tacc", null));
    ProxyProperties proxy =
        new ProxyProperties(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);
    signIn = new BrowserSignIn(sessions, embedded, proxy, clock);
  }

  String ticketPath(String returnPath) {
    String url =
        signIn.ticketUrl(POD_URL, HOST, new Caller("default", "alice", Set.of()), returnPath);
    assertThat(url).startsWith(POD_URL + BrowserSignIn.TICKET_PATH + "?ticket=t1.");
    URI uri = URI.create(url);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  @Test
  void aTicketBecomesOneSessionOfItsHostOnce() {
    String path = ticketPath("/notes?x=1");
    BrowserSignIn.Redeemed redeemed = signIn.redeem(HOST, path).orElseThrow();
    assertThat(redeemed.returnPath()).isEqualTo("/notes?x=1");
    ProxySessions.Session session = sessions.open(redeemed.session()).orElseThrow();
    assertThat(session.host()).isEqualTo(HOST);
    assertThat(session.user()).isEqualTo("alice");
    assertThat(session.expires()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(signIn.redeem(HOST, path)).as("taken twice").isEmpty();
  }

  @Test
  void aTicketIsNoSessionAndASessionNoTicket() {
    String path = ticketPath("/");
    String ticket = path.substring(path.indexOf("ticket=") + 7);
    assertThat(
            sessions.open(
                java.net.URLDecoder.decode(ticket, java.nio.charset.StandardCharsets.UTF_8)))
        .isEmpty();
    String session = signIn.redeem(HOST, path).orElseThrow().session();
    assertThat(signIn.redeem(HOST, BrowserSignIn.TICKET_PATH + "?ticket=" + session)).isEmpty();
  }

  @Test
  void aTicketOfAnotherHostOrPastItsMinuteIsRefused() {
    assertThat(signIn.redeem("other.pods.localhost", ticketPath("/"))).isEmpty();
    String late = ticketPath("/");
    clock.advance(Duration.ofSeconds(61));
    assertThat(signIn.redeem(HOST, late)).isEmpty();
    assertThat(signIn.redeem(HOST, BrowserSignIn.TICKET_PATH)).isEmpty();
    assertThat(signIn.redeem(HOST, BrowserSignIn.TICKET_PATH + "?ticket=t1.garbage")).isEmpty();
  }

  @Test
  void theWayBackStaysOnThePodsHost() {
    assertThat(BrowserSignIn.safeReturnPath("/a/b?c=d")).isEqualTo("/a/b?c=d");
    assertThat(BrowserSignIn.safeReturnPath("//evil.example/x")).isEqualTo("/");
    assertThat(BrowserSignIn.safeReturnPath("/\\evil.example")).isEqualTo("/");
    assertThat(BrowserSignIn.safeReturnPath("https://evil.example/")).isEqualTo("/");
    assertThat(BrowserSignIn.safeReturnPath("/a\r\nSet-Cookie: x=y")).isEqualTo("/");
    assertThat(BrowserSignIn.safeReturnPath(null)).isEqualTo("/");
    assertThat(BrowserSignIn.safeReturnPath(BrowserSignIn.TICKET_PATH + "?ticket=x"))
        .isEqualTo("/");
    assertThat(signIn.signInUrl(HOST, "/notes?x=1"))
        .isEqualTo(
            "https://berth.example/v3/pods/web.pods.localhost/auth/callback"
                + "?return_path=%2Fnotes%3Fx%3D1");
  }
}
