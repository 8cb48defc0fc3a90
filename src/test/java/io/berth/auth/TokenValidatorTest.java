package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.berth.config.BerthProperties;
import io.berth.testing.FakeClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
        audience,
        null);
  }

  TokenValidator validator() {
    return new TokenValidator(auth, embedded, keys, Clock.systemUTC());
  }

  String realmToken(Map<String, Object> claims) throws Exception {
    return realmToken(realmKey, realm, Instant.now().plusSeconds(600), claims);
  }

  String realmToken(RSAKey key, String issuer, Instant expires, Map<String, Object> claims)
      throws Exception {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("s-1")
            .expirationTime(Date.from(expires))
            .claim("preferred_username", "dana");
    claims.forEach(builder::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("realm")
                .type(JOSEObjectType.JWT)
                .build(),
            builder.build());
    jwt.sign(new RSASSASigner(key));
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
    return siteToken(type, audience, Instant.now().plusSeconds(600), claims);
  }

  String siteToken(
      JOSEObjectType type, String audience, Instant expires, Map<String, Object> claims)
      throws Exception {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder().issuer(embedded.issuer()).expirationTime(Date.from(expires));
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

  static final Map<String, Object> ALICE =
      Map.of("tapis/tenant_id", "default", "tapis/username", "alice", "tapis/token_type", "access");

  String aliceToken(Instant expires) throws Exception {
    return siteToken(AccessTokens.AT_JWT, "https://berth.example", expires, ALICE);
  }

  @Test
  void expiredTokensAreRefusedAlsoAfterTheyWereCached() throws Exception {
    FakeClock clock = new FakeClock(Instant.now());
    TokenValidator validator = new TokenValidator(auth, embedded, keys, clock);
    String token = aliceToken(clock.instant().plusSeconds(60));
    assertThat(validator.validate(token).user()).isEqualTo("alice");
    clock.advance(Duration.ofSeconds(120));
    assertThatThrownBy(() -> validator.validate(token))
        .isInstanceOf(TokenValidator.InvalidTokenException.class)
        .hasMessage("The token has expired.");
    // a few seconds past exp is clock skew between machines, not expiry
    assertThat(validator.validate(aliceToken(clock.instant().minusSeconds(10))).user())
        .isEqualTo("alice");
    assertThatThrownBy(() -> validator.validate(aliceToken(clock.instant().minusSeconds(60))))
        .hasMessage("The token has expired.");
    assertThatThrownBy(() ->
            validator()
                .validate(
                    realmToken(
                        realmKey,
                        realm,
                        Instant.now().minusSeconds(120),
                        Map.of("aud", "berth-science"))))
        .hasMessageContaining("Expired JWT");
  }

  @Test
  void tokensOfUntrustedIssuersOrWithBadSignaturesAreRefused() throws Exception {
    TokenValidator validator = validator();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("realm").generate();
    Map<String, Object> science = Map.of("aud", "berth-science");
    assertThatThrownBy(() ->
            validator.validate(
                realmToken(
                    realmKey,
                    "https://other.example/realms/shared",
                    Instant.now().plusSeconds(600),
                    science)))
        .hasMessage("The token's issuer is not trusted by this site.");
    // the realm's issuer and key id, but a key the realm does not publish
    assertThatThrownBy(() ->
            validator.validate(
                realmToken(stranger, realm, Instant.now().plusSeconds(600), science)))
        .hasMessageContaining("The token was refused")
        .hasMessageContaining("signature");
    // the site's issuer, signed by someone else's key or with a shared secret
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(AccessTokens.AT_JWT).build(),
            SignedJWT.parse(aliceToken(Instant.now().plusSeconds(600))).getJWTClaimsSet());
    forged.sign(new RSASSASigner(stranger));
    assertThatThrownBy(() -> validator.validate(forged.serialize()))
        .hasMessage("The token's signature is not valid.");
    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(AccessTokens.AT_JWT).build(),
            forged.getJWTClaimsSet());
    hmac.sign(new MACSigner(new byte[32]));
    assertThatThrownBy(() -> validator.validate(hmac.serialize()))
        .hasMessage("The token's signature is not valid.");
    // a valid token whose claims were changed after signing
    String[] parts = aliceToken(Instant.now().plusSeconds(600)).split("\\.");
    String admin =
        Base64URL.encode(forged.getJWTClaimsSet().toString().replace("alice", "carol")).toString();
    assertThatThrownBy(() -> validator.validate(parts[0] + "." + admin + "." + parts[2]))
        .hasMessage("The token's signature is not valid.");
    assertThatThrownBy(() -> validator.validate("not.a.token"))
        .hasMessage("The token is not a signed JWT.");
  }

  @Test
  void tokensNamingAnotherTenantThanTheirIssuersAreRefused() throws Exception {
    TokenValidator validator = validator();
    assertThatThrownBy(() ->
            validator.validate(
                siteToken(
                    AccessTokens.AT_JWT,
                    "https://berth.example",
                    Map.of(
                        "tapis/tenant_id", "science",
                        "tapis/username", "alice",
                        "tapis/token_type", "access"))))
        .hasMessage("The token names no user of this tenant.");
    assertThatThrownBy(() ->
            validator.validate(
                realmToken(Map.of("aud", "berth-science", "tapis/tenant_id", "physics"))))
        .hasMessage("The token's tenant does not match its issuer's tenant.");
    assertThat(
            validator
                .validate(realmToken(Map.of("aud", "berth-science", "tapis/tenant_id", "science")))
                .tenant())
        .isEqualTo("science");
  }
}
