package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.auth.AuthProperties;
import io.berth.auth.SiteKeys;
import io.berth.config.BerthProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProxySessionsTest {
  static SiteKeys keys() throws Exception {
    Path home = Files.createTempDirectory("berth-sessions");
    home.toFile().deleteOnExit();
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return new SiteKeys(
        new BerthProperties(home.toString(), 8080, null, null),
        new AuthProperties(
            null, null, null, null, null, Base64.getEncoder().encodeToString(key), null));
  }

  final ProxySessions.Session session =
      new ProxySessions.Session(
          "web.pods.localhost",
          "default",
          "alice",
          false,
          Instant.parse("2030-01-01T00:00:00Z"),
          Instant.parse("2030-01-01T03:00:00Z"));

  @Test
  void aSealedSessionOpensAgainWithTheSameKeyOnly() throws Exception {
    SiteKeys keys = keys();
    ProxySessions sessions = new ProxySessions(keys);
    String value = sessions.seal(session);
    assertThat(value).startsWith("s1.").doesNotContain("alice").matches("[A-Za-z0-9._-]+");
    assertThat(sessions.open(value)).contains(session);
    assertThat(new ProxySessions(keys).open(value)).contains(session);
    assertThat(new ProxySessions(keys()).open(value)).isEmpty();
  }

  @Test
  void anAlteredOrForeignValueOpensNothing() throws Exception {
    ProxySessions sessions = new ProxySessions(keys());
    String value = sessions.seal(session);
    char last = value.charAt(value.length() - 1);
    String altered = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(sessions.open(altered)).isEmpty();
    assertThat(sessions.open("s1.")).isEmpty();
    assertThat(sessions.open("s1.%%%")).isEmpty();
    assertThat(sessions.open("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isEmpty();
    assertThat(sessions.open(null)).isEmpty();
  }
}
