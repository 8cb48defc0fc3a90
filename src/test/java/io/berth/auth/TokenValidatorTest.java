package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.berth.config.BerthProperties;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 14 item 8 with Nimbus-made tokens: the audience is checked for the embedded issuer and for
 * external ones; tokens of one issuer go to exactly one tenant; only access tokens are accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenValidatorTest {
  RSAKey realmKey;
  HttpServer jwks;
  String realm;
  Path home;
  AuthProperties auth;
  EmbeddedTenant embedded;
  SiteKeys keys;

  @BeforeAll
  void setUp() throws Exception {
    realmKey = new RSAKeyGenerator(2048).keyID("realm").generate();
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext(
        "/certs",
        exchange -> {
          byte[] body =
              new JWKSet(realmKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwks.start();
    realm = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/realms/shared";
    home = Files.createTempDirectory("berth-token-test");
    BerthProperties berth = new BerthProperties(home.toString(), 8080, null, null);
    auth =
        new AuthProperties(
            true,
            "default",
            "https://berth.example",
            null,
            null,
            null,
            List.of(
                external("science", List.of("berth-science", "science-portal")),
                external("physics", List.of("berth-physics"))));
    embedded = new EmbeddedTenant(auth, berth);
    keys = new SiteKeys(berth, auth);
  }

  @AfterAll
  void tearDown() {
    jwks.stop(0);
  }

  AuthProperties.ExternalTenant external(String id, List<String> audience) {
    return new AuthProperties.ExternalTenant(
        id,
        null,
        realm,
        realm.replace("/realms/shared", "/certs"),
        null,
        null,
        null,
        null,
        audience);
  }

  TokenValidator validator() {
    return new TokenValidator(auth, embedded, keys, Clock.systemUTC());
  }

  String realmToken(Map<String, Object> claims) throws Exception {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(realm)
            .subject("s-1")
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .claim("preferred_username", "dana");
    claims.forEach(builder::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("realm")
                .type(JOSEObjectType.JWT)
                .build(),
            builder.build());
    jwt.sign(new RSASSASigner(realmKey));
    return jwt.serialize();
  }

  @Test
  void externalTokensGoToTheTenantTheyAreMeantFor() throws Exception {
    TokenValidator validator = validator();
    assertThat(validator.validate(realmToken(Map.of("aud", "berth-science"))).tenant())
        .isEqualTo("science");
    assertThat(
            validator
                .validate(realmToken(Map.of("aud", List.of("account", "berth-physics"))))
                .tenant())
        .isEqualTo("physics");
    // Keycloak without an audience mapper: aud is "account", azp the client the token was issued to
    assertThat(
            validator
                .validate(realmToken(Map.of("aud", "account", "azp", "science-portal")))
                .tenant())
        .isEqualTo("science");
  }

  @Test
  void tokensMeantForAnotherClientOrServiceAreRefused() {
    TokenValidator validator = validator();
    for (Map<String, Object> claims :
        List.<Map<String, Object>>of(
            Map.of(),
            Map.of("aud", "account"),
            Map.of("aud", "account", "azp", "webmail"),
            Map.of("aud", "other-service", "azp", "other-client"))) {
      assertThatThrownBy(() -> validator.validate(realmToken(claims)))
          .as(claims.toString())
          .isInstanceOf(TokenValidator.InvalidTokenException.class)
          .hasMessageContaining("not meant for this site");
    }
  }

  @Test
  void aTokenFittingTwoTenantsOfItsIssuerIsRefused() {
    assertThatThrownBy(() ->
            validator()
                .validate(realmToken(Map.of("aud", List.of("berth-science", "berth-physics")))))
        .hasMessageContaining("more than one tenant")
        .hasMessageContaining("science")
        .hasMessageContaining("physics");
  }

  @Test
  void idTokensAndUserNamesWithControlCharactersAreRefused() {
    TokenValidator validator = validator();
    assertThatThrownBy(
            () -> validator.validate(realmToken(Map.of("aud", "science-portal", "typ", "ID"))))
        .hasMessageContaining("not an access token");
    assertThatThrownBy(
            () -> validator.validate(realmToken(Map.of("aud", "science-portal", "nonce", "n"))))
        .hasMessageContaining("not an access token");
    assertThatThrownBy(() ->
            validator.validate(
                realmToken(Map.of("aud", "berth-science", "preferred_username", "eve\nadmin"))))
        .hasMessageContaining("control characters");
  }

  @Test
  void twoTenantsOfOneIssuerThatCannotBeToldApartStopTheValidator() {
    AuthProperties ambiguous =
        new AuthProperties(
            true,
            "default",
            "https://berth.example",
            null,
            null,
            null,
            List.of(external("science", List.of("berth")), external("physics", List.of("berth"))));
    assertThatThrownBy(() -> new TokenValidator(ambiguous, embedded, keys, Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("science")
        .hasMessageContaining("physics")
        .hasMessageContaining(realm);
  }

  @Test
  void embeddedTokensNameThisBerthAndAreTypedAccessTokens() throws Exception {
    TokenValidator validator = validator();
    TokenIssuer issuer = new TokenIssuer(keys, embedded, auth, Clock.systemUTC());
    Caller alice = validator.validate(issuer.issue("alice", Set.of()).token());
    assertThat(alice.user()).isEqualTo("alice");
    // this Berth is named in berth/audience, and aud is left out: PyJWT (tapipy's validate_token)
    // refuses a token whose aud it was not told to expect
    JWTClaimsSet issued =
        SignedJWT.parse(issuer.issue("alice", Set.of()).token()).getJWTClaimsSet();
    assertThat(issued.getClaim("berth/audience")).isEqualTo("https://berth.example");
    assertThat(issued.getAudience()).isEmpty();

    // signed with the site key, but not an access token for this Berth
    Map<String, Object> base =
        Map.of(
            "tapis/tenant_id", "default", "tapis/username", "alice", "tapis/token_type", "access");
    assertThatThrownBy(
            () -> validator.validate(siteToken(JOSEObjectType.JWT, "https://berth.example", base)))
        .hasMessageContaining("not an access token");
    assertThatThrownBy(() -> validator.validate(siteToken(AccessTokens.AT_JWT, null, base)))
        .hasMessageContaining("not meant for this site");
    assertThatThrownBy(
            () -> validator.validate(siteToken(AccessTokens.AT_JWT, "https://other.example", base)))
        .hasMessageContaining("not meant for this site");
    assertThatThrownBy(() ->
            validator.validate(
                siteToken(
                    AccessTokens.AT_JWT,
                    "https://berth.example",
                    Map.of(
                        "tapis/tenant_id", "default",
                        "tapis/username", "alice",
                        "tapis/token_type", "refresh"))))
        .hasMessageContaining("not an access token");
  }

  String siteToken(JOSEObjectType type, String audience, Map<String, Object> claims)
      throws Exception {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(embedded.issuer())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    if (audience != null) {
      builder.audience(audience);
    }
    claims.forEach(builder::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(type).build(), builder.build());
    jwt.sign(new RSASSASigner(keys.signingKey()));
    return jwt.serialize();
  }
}
