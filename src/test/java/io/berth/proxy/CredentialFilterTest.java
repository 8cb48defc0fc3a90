package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.berth.auth.AuthProperties;
import io.berth.auth.EmbeddedTenant;
import io.berth.config.BerthProperties;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialFilterTest {
  final BerthProperties berth = new BerthProperties(null, 8080, "tacc", null);
  final AuthProperties auth =
      new AuthProperties(null, "default", "https://berth.example", null, null, null, null);
  final CredentialFilter filter =
      new CredentialFilter(auth, new EmbeddedTenant(auth, berth), berth);

  static String jwt(String issuer) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder().issuer(issuer).subject("alice").build());
    jwt.sign(new MACSigner(new byte[32]));
    return jwt.serialize();
  }

  static Route route(boolean gated, Map<String, String> authHeaders) {
    return Route.builder("web.pods.localhost", "default", "web", "default")
        .target("10.0.0.1:5000")
        .gated(gated)
        .authHeaders(authHeaders)
        .build();
  }

  @Test
  void berthsTokensAndCookiesNeverReachAPod() throws Exception {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("X-Tapis-Token", "anything");
    h.set("Authorization", "Bearer " + jwt("https://berth.example/v3/tokens"));
    h.add("Cookie", "berth_session=s1.x; theme=dark");
    h.add("Cookie", "BERTH_other=1; lang=en");
    filter.toPod(h, route(false, Map.of()), null);
    assertThat(h.contains("X-Tapis-Token")).isFalse();
    assertThat(h.contains("Authorization")).isFalse();
    assertThat(h.getAll("Cookie")).containsExactly("theme=dark; lang=en");

    HttpHeaders only = new DefaultHttpHeaders().add("Cookie", "berth_session=s1.x");
    filter.toPod(only, route(false, Map.of()), null);
    assertThat(only.contains("Cookie")).isFalse();
  }

  @Test
  void aPodsOwnCredentialsPass() throws Exception {
    for (String own :
        List.of("Basic eDp5", "Bearer opaque-app-token", "Bearer " + jwt("https://idp.example"))) {
      HttpHeaders h = new DefaultHttpHeaders().set("Authorization", own);
      filter.toPod(h, route(false, Map.of()), null);
      assertThat(h.get("Authorization")).isEqualTo(own);
    }
  }

  @Test
  void aGatedPodLearnsOnlyWhatItAskedForAndNoSpoof() {
    Route gated = route(true, Map.of("X-Tapis-Username", "<<tapisusername>>@<<tenant>>.<<site>>"));
    HttpHeaders h = new DefaultHttpHeaders().set("x-tapis-username", "mallory");
    filter.toPod(h, gated, new AccessGate.Verdict.Allowed("default", "alice", null, false));
    assertThat(h.getAll("X-Tapis-Username")).containsExactly("alice@default.tacc");

    HttpHeaders open = new DefaultHttpHeaders().set("X-Tapis-Username", "mallory");
    filter.toPod(open, route(false, gated.authHeaders()), null);
    assertThat(open.get("X-Tapis-Username")).isEqualTo("mallory"); // not a gated pod's promise
  }

  @Test
  void aPodCannotSetBerthsCookies() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("Set-Cookie", "berth_session=s1.planted; Path=/");
    h.add("Set-Cookie", "app=1; Path=/");
    CredentialFilter.fromPod(h);
    assertThat(h.getAll("Set-Cookie")).containsExactly("app=1; Path=/");
  }

  @Test
  void credentialsComeFromTheHeadersFirstThenTheSessionCookie() {
    assertThat(CredentialFilter.credentials("t1", "Bearer t2", List.of("berth_session=s")))
        .isEqualTo(new AccessGate.Credentials("t1", "s"));
    assertThat(CredentialFilter.credentials(null, "bearer t2", List.of("a=1; berth_session=\"s\"")))
        .isEqualTo(new AccessGate.Credentials("t2", "s"));
    assertThat(CredentialFilter.credentials(null, "Basic x", List.of()))
        .isEqualTo(new AccessGate.Credentials(null, null));
  }
}
