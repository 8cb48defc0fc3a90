package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.berth.config.BerthProperties;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * Issue 19 item 1: an access token of the OpenID provider, shaped by {@link IssuedTokenClaims} and
 * signed with the site key, passes the API's own {@link TokenValidator}; a browser signed in
 * through another tenant's issuer gets none.
 */
class IssuedTokenClaimsTest {

  @Test
  void theProvidersAccessTokenIsAcceptedByTheApisValidator() throws Exception {
    BerthProperties berth =
        new BerthProperties(
            Files.createTempDirectory("berth-provider-test").toString(), 8080, null, null);
    AuthProperties auth =
        new AuthProperties(true, "default", "https://berth.example", null, null, null, null);
    EmbeddedTenant tenant = new EmbeddedTenant(auth, berth);
    SiteKeys keys = new SiteKeys(berth, auth);
    Caller alice = new Caller("default", "alice", Set.of("admin"));

    JwtEncodingContext context = context(alice);
    new IssuedTokenClaims(tenant).customize(context);
    String token =
        new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signingKey())))
            .encode(
                JwtEncoderParameters.from(
                    context.getJwsHeader().build(), context.getClaims().build()))
            .getTokenValue();

    assertThat(new TokenValidator(auth, tenant, keys, Clock.systemUTC()).validate(token))
        .isEqualTo(alice);
  }

  @Test
  void aCallerOfAnotherTenantGetsNoToken() throws Exception {
    BerthProperties berth =
        new BerthProperties(
            Files.createTempDirectory("berth-provider-test").toString(), 8080, null, null);
    AuthProperties auth =
        new AuthProperties(true, "default", "https://berth.example", null, null, null, null);
    IssuedTokenClaims claims = new IssuedTokenClaims(new EmbeddedTenant(auth, berth));
    JwtEncodingContext context = context(new Caller("science", "carol", Set.of()));
    assertThatThrownBy(() -> claims.customize(context))
        .isInstanceOf(OAuth2AuthenticationException.class)
        .hasMessageContaining("tenant default only");
  }

  /** What Spring Authorization Server hands the customizer for an access token. */
  static JwtEncodingContext context(Caller caller) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JwtClaimsSet.Builder claims =
        JwtClaimsSet.builder()
            .issuer("https://berth.example")
            .subject(caller.toString())
            .audience(List.of("notebook-app"))
            .issuedAt(now)
            .notBefore(now)
            .expiresAt(now.plusSeconds(300))
            .id("jti-1");
    return JwtEncodingContext.with(JwsHeader.with(SignatureAlgorithm.RS256), claims)
        .principal(BrowserSession.authentication(caller, FactorGrantedAuthority.PASSWORD_AUTHORITY))
        .tokenType(OAuth2TokenType.ACCESS_TOKEN)
        .build();
  }
}
