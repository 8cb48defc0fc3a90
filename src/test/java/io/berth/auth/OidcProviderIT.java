package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 14 item 8 against a real OAuth2/OIDC provider (mock-oauth2-server: real token endpoint,
 * authorization-code flow, JWKS). The tenant accepts tokens meant for {@code berth-api} (an
 * audience mapper's value) or issued to Berth's own client {@code berth}; tokens of the realm's
 * other clients and ID tokens are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OidcProviderIT {
  static final Path home = TestDatabase.newHome();
  static final MockOAuth2Server OIDC = started();
  static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.auth.tenants[0].tenant-id", () -> "science");
    registry.add("berth.auth.tenants[0].issuer", () -> OIDC.issuerUrl("science").toString());
    registry.add("berth.auth.tenants[0].jwks-url", () -> OIDC.jwksUrl("science").toString());
    registry.add("berth.auth.tenants[0].audience", () -> "berth-api,berth");
  }

  @LocalServerPort int port;
  ApiClient api;

  static MockOAuth2Server started() {
    MockOAuth2Server server = new MockOAuth2Server();
    server.start();
    return server;
  }

  @BeforeAll
  void setUp() {
    api = new ApiClient(port);
  }

  @AfterAll
  void stop() {
    OIDC.shutdown();
  }

  @Test
  void accessTokensMeantForBerthAreAccepted() {
    String clientCredentials = clientCredentials("berth", "berth-api");
    Reply pods = api.get("/v3/pods", clientCredentials);
    assertThat(pods.status()).as(pods.text()).isEqualTo(200);
    String user =
        OIDC.issueToken(
                "science",
                "portal",
                new DefaultOAuth2TokenCallback(
                    "science",
                    "s-1",
                    "JWT",
                    List.of("berth-api"),
                    Map.of("preferred_username", "dana"),
                    600))
            .serialize();
    assertThat(api.get("/v3/pods", user).status()).isEqualTo(200);
  }

  @Test
  void tokensOfTheRealmsOtherClientsAreRefused() {
    // issued to another client, for another service
    Reply other = api.get("/v3/pods", clientCredentials("webmail", "mail-api"));
    assertThat(other.status()).as(other.text()).isEqualTo(401);
    assertThat(other.message()).contains("not meant for this site");
    // a user's access token for another client of the realm (aud "default", azp "portal")
    Map<String, String> portal = codeFlow("portal", null);
    Reply portalAccess = api.get("/v3/pods", portal.get("access_token"));
    assertThat(portalAccess.status()).as(portalAccess.text()).isEqualTo(401);
    assertThat(portalAccess.message()).contains("not meant for this site");
  }

  @Test
  void idTokensAreRefusedEvenWhenTheyNameBerth() {
    // an ID token of Berth's own client: aud and azp "berth", as an access token of it would have
    Map<String, String> tokens = codeFlow("berth", "n-0S6_WzA2Mj");
    Reply id = api.get("/v3/pods", tokens.get("id_token"));
    assertThat(id.status()).as(id.text()).isEqualTo(401);
    assertThat(id.message()).contains("not an access token");
    // Keycloak marks its ID tokens with typ "ID"
    String keycloakId =
        OIDC.issueToken(
                "science",
                "berth",
                new DefaultOAuth2TokenCallback(
                    "science",
                    "s-1",
                    "JWT",
                    List.of("berth"),
                    Map.of("typ", "ID", "azp", "berth", "preferred_username", "dana"),
                    600))
            .serialize();
    Reply keycloak = api.get("/v3/pods", keycloakId);
    assertThat(keycloak.status()).as(keycloak.text()).isEqualTo(401);
    assertThat(keycloak.message()).contains("not an access token").contains("ID");
  }

  private static String clientCredentials(String client, String scope) {
    String body =
        post(
            "grant_type=client_credentials&client_id="
                + client
                + "&client_secret=secret&scope="
                + scope);
    return field(body, "access_token");
  }

  /** The authorization-code flow of a client: the token endpoint's access and ID tokens. */
  private static Map<String, String> codeFlow(String client, String nonce) {
    String redirect = "http://localhost/callback";
    String authorize =
        OIDC.authorizationEndpointUrl("science")
            + "?response_type=code&scope=openid&state=s&client_id="
            + client
            + "&redirect_uri="
            + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
            + (nonce == null ? "" : "&nonce=" + nonce);
    try {
      HttpResponse<String> login =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(authorize)).build(),
              HttpResponse.BodyHandlers.ofString());
      String location = login.headers().firstValue("Location").orElseThrow();
      Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
      assertThat(code.find()).as(location).isTrue();
      String body =
          post(
              "grant_type=authorization_code&client_id="
                  + client
                  + "&client_secret=secret&code="
                  + code.group(1)
                  + "&redirect_uri="
                  + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
      return Map.of(
          "access_token", field(body, "access_token"), "id_token", field(body, "id_token"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String post(String form) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(OIDC.tokenEndpointUrl("science").toString()))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String field(String json, String name) {
    return ApiClient.parse(json).path(name).asString();
  }
}
