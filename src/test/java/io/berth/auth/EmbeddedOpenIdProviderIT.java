package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.berth.testing.ApiClient;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 19 item 1: the embedded issuer as an OpenID provider. Spring Security's own discovery
 * client finds it at its issuer; a client signs alice in by authorization code with PKCE (S256)
 * through Berth's login page, over real HTTP; the access token it gets calls the API like a token
 * from {@code POST /v3/oauth2/tokens}, and the ID token (signed with the site key) does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class EmbeddedOpenIdProviderIT {
  static final Path home = TestDatabase.newHome();
  static final int PORT = FreePort.find();
  static final String CLIENT = "notebook-app";
  static final String REDIRECT = "http://127.0.0.1:9/callback";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.port", () -> PORT);
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.auth.dev-users", () -> "alice:secret1:admin");
    registry.add("berth.auth.provider.clients." + CLIENT + ".redirect-uris", () -> REDIRECT);
  }

  final String base = "http://localhost:" + PORT;
  final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  ApiClient api;
  ClientRegistration registration;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  void discover() {
    api = new ApiClient(PORT);
    // the discovery document where an OIDC client looks for it, below the issuer (Berth's base
    // URL), checked by the client to name that same issuer
    registration =
        ClientRegistrations.fromIssuerLocation(base)
            .registrationId("berth")
            .clientId(CLIENT)
            .redirectUri(REDIRECT)
            .build();
  }

  @Test
  void discoveryNamesTheEndpointsAndTheSiteKey() throws Exception {
    ClientRegistration.ProviderDetails provider = registration.getProviderDetails();
    assertThat(provider.getIssuerUri()).isEqualTo(base);
    assertThat(provider.getAuthorizationUri()).isEqualTo(base + "/oauth2/authorize");
    assertThat(provider.getTokenUri()).isEqualTo(base + "/oauth2/token");
    JsonNode root = ApiClient.parse(get("/.well-known/openid-configuration").body());
    assertThat(root.path("code_challenge_methods_supported").toString()).contains("S256");
    JWKSet published = JWKSet.load(URI.create(provider.getJwkSetUri()).toURL());
    JWKSet site = JWKSet.load(URI.create(base + "/v3/oauth2/jwks").toURL());
    assertThat(published.getKeys()).hasSize(1);
    assertThat(published.getKeys().get(0).toJSONObject())
        .isEqualTo(site.getKeys().get(0).toJSONObject());
  }

  @Test
  void aClientSignsAliceInWithCodeAndPkceAndItsAccessTokenCallsTheApi() throws Exception {
    String verifier = random();
    String challenge = s256(verifier);
    String authorize =
        registration.getProviderDetails().getAuthorizationUri()
            + "?"
            + form(
                Map.of(
                    "response_type", "code",
                    "client_id", CLIENT,
                    "redirect_uri", REDIRECT,
                    "scope", "openid profile",
                    "state", "st4te",
                    "code_challenge", challenge,
                    "code_challenge_method", "S256"));

    // not signed in: Berth's login page, then back to the authorize request
    HttpResponse<String> first = send(HttpRequest.newBuilder(URI.create(authorize)));
    assertThat(first.statusCode()).isEqualTo(302);
    assertThat(location(first)).isEqualTo(base + "/login");
    HttpResponse<String> login = get("/login");
    HttpResponse<String> signedIn =
        post(
            base + "/login",
            Map.of("username", "alice", "password", "secret1", "_csrf", csrf(login.body())));
    assertThat(signedIn.statusCode()).isEqualTo(302);
    assertThat(location(signedIn)).startsWith(base + "/oauth2/authorize?");
    HttpResponse<String> back = send(HttpRequest.newBuilder(URI.create(location(signedIn))));
    assertThat(back.statusCode()).isEqualTo(302);
    assertThat(location(back)).startsWith(REDIRECT + "?code=").contains("state=st4te");
    String code = query(location(back)).get("code");

    // the code without its verifier is refused; with it, tokens
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "authorization_code");
    exchange.put("code", code);
    exchange.put("redirect_uri", REDIRECT);
    exchange.put("client_id", CLIENT);
    HttpResponse<String> noVerifier = post(base + "/oauth2/token", exchange);
    // a public client proves itself with the verifier alone: without it, no client at all
    assertThat(noVerifier.statusCode()).isIn(400, 401);
    assertThat(noVerifier.body()).contains("invalid_client");

    HttpResponse<String> first2 = send(HttpRequest.newBuilder(URI.create(authorize)));
    String code2 = query(location(first2)).get("code");
    exchange.put("code", code2);
    exchange.put("code_verifier", verifier);
    HttpResponse<String> tokens = post(base + "/oauth2/token", exchange);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    JsonNode body = ApiClient.parse(tokens.body());
    String access = body.path("access_token").asString();
    String id = body.path("id_token").asString();

    // the code is kept in the database, hashed, and redeemed once only
    assertThat(
            jdbc.sql("select count(*) from oidc_authorizations where body like :code")
                .param("code", "%" + code2 + "%")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("select code_used from oidc_authorizations where code_hash = :hash")
                .param("hash", DatabaseAuthorizations.hash(code2))
                .query(Boolean.class)
                .single())
        .isTrue();
    HttpResponse<String> again = post(base + "/oauth2/token", exchange);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("invalid_grant");

    // the access token is the API's: same type, claims and checks as the Tapis token call's
    SignedJWT jwt = SignedJWT.parse(access);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(base + "/v3/tokens");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("tapis/username")).isEqualTo("alice");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("tapis/tenant_id")).isEqualTo("default");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("admin");
    ApiClient.Reply pods = api.get("/v3/pods", access);
    assertThat(pods.status()).as(pods.text()).isEqualTo(200);

    // the ID token: signed with the site key, for the client, naming alice; no API credential
    SignedJWT idToken = SignedJWT.parse(id);
    RSAKey key =
        (RSAKey)
            JWKSet.load(URI.create(base + "/oauth2/jwks").toURL())
                .getKeyByKeyId(idToken.getHeader().getKeyID());
    assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly(CLIENT);
    assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo(base);
    assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo("alice@default");
    assertThat(api.get("/v3/pods", id).status()).isEqualTo(401);
  }

  @Test
  void anAuthorizeRequestWithoutPkceIsRefused() throws Exception {
    String authorize =
        base
            + "/oauth2/authorize?"
            + form(
                Map.of(
                    "response_type", "code",
                    "client_id", CLIENT,
                    "redirect_uri", REDIRECT,
                    "scope", "openid",
                    "state", "s"));
    HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(authorize)));
    assertThat(refused.statusCode()).isEqualTo(302);
    assertThat(location(refused)).startsWith(REDIRECT).contains("error=invalid_request");
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)));
  }

  HttpResponse<String> post(String url, Map<String, String> fields) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.header("Accept", "text/html,application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String location(HttpResponse<?> response) {
    return response.headers().firstValue("Location").orElse("");
  }

  static String csrf(String page) {
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as("the login form's CSRF token").isTrue();
    return m.group(1);
  }

  static Map<String, String> query(String url) {
    return java.util.Arrays.stream(URI.create(url).getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static String random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String s256(String verifier) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}
