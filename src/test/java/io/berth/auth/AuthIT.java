package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tokens through real HTTP: the embedded issuer's token call, tenants discovery, a second tenant
 * whose tokens a Keycloak-like issuer signs (JWKS served on loopback), and every way a token can be
 * wrong. One tenant's users never see another tenant's pods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthIT {
  static final Path home = TestDatabase.newHome();
  static final RSAKey REALM_KEY = generate();
  static final HttpServer JWKS = jwksServer();
  static final String REALM_ISSUER =
      "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/realms/science";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.auth.dev-users", () -> "alice:secret1,carol:secret3:admin");
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.auth.tenants[0].tenant-id", () -> "science");
    registry.add("berth.auth.tenants[0].base-url", () -> "https://science.example");
    registry.add("berth.auth.tenants[0].issuer", () -> REALM_ISSUER);
    registry.add(
        "berth.auth.tenants[0].jwks-url", () -> REALM_ISSUER + "/protocol/openid-connect/certs");
    registry.add("berth.auth.tenants[0].admin-role", () -> "pods-admin");
    // Keycloak puts the client a token was issued to in azp; Berth's client is "berth"
    registry.add("berth.auth.tenants[0].audience", () -> "berth");
  }

  @LocalServerPort int port;
  ApiClient api;

  @BeforeAll
  void setUp() {
    api = new ApiClient(port);
  }

  @AfterAll
  void stop() {
    JWKS.stop(0);
  }

  static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyID("realm-key").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpServer jwksServer() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/realms/science/protocol/openid-connect/certs",
          exchange -> {
            byte[] body =
                new JWKSet(REALM_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return server;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String realmToken(RSAKey key, String issuer, Instant expires, Map<String, Object> claims) {
    try {
      JWTClaimsSet.Builder builder =
          new JWTClaimsSet.Builder()
              .issuer(issuer)
              .subject("x")
              .expirationTime(Date.from(expires))
              .audience("account")
              .claim("azp", "berth")
              .claim("typ", "Bearer");
      claims.forEach(builder::claim);
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
              builder.build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void tokenCallAnswersAsTapisDoes() {
    Reply reply =
        api.post(
            "/v3/oauth2/tokens",
            "{\"username\":\"alice\",\"password\":\"secret1\",\"grant_type\":\"password\"}",
            null);
    assertThat(reply.status()).isEqualTo(201);
    var token = reply.result().path("access_token");
    assertThat(token.path("access_token").asString()).contains(".");
    assertThat(token.path("expires_in").asLong()).isEqualTo(4 * 3600);
    assertThat(token.path("expires_at").asString()).isNotBlank();
    assertThat(api.get("/v3/pods", token.path("access_token").asString()).status()).isEqualTo(200);
    // form-encoded, as some clients send it
    HttpResponse<String> form =
        send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v3/oauth2/tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=alice&password=secret1&grant_type=password"))
                .build());
    assertThat(form.statusCode()).isEqualTo(201);
  }

  @Test
  void badCredentialsAndGrantTypesAreRefused() {
    Reply wrong =
        api.post(
            "/v3/oauth2/tokens",
            "{\"username\":\"alice\",\"password\":\"nope\",\"grant_type\":\"password\"}",
            null);
    assertThat(wrong.status()).isEqualTo(401);
    Reply nobody =
        api.post(
            "/v3/oauth2/tokens",
            "{\"username\":\"mallory\",\"password\":\"nope\",\"grant_type\":\"password\"}",
            null);
    assertThat(nobody.status()).isEqualTo(401);
    assertThat(nobody.message()).isEqualTo(wrong.message());
    Reply grant =
        api.post(
            "/v3/oauth2/tokens",
            "{\"username\":\"alice\",\"password\":\"secret1\",\"grant_type\":\"implicit\"}",
            null);
    assertThat(grant.status()).isEqualTo(400);
    assertThat(grant.message()).contains("grant_type");
  }

  @Test
  void bearerHeaderWorksAndBadTokensAre401() {
    String token = api.token("alice", "secret1");
    HttpResponse<String> bearer =
        send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods"))
                .header("Authorization", "Bearer " + token)
                .build());
    assertThat(bearer.statusCode()).isEqualTo(200);
    RSAKey stranger = generate();
    String embeddedIssuer = api.get("/v3/tenants/default", null).result().path("issuer").asString();
    String forged =
        realmToken(
            stranger,
            embeddedIssuer,
            Instant.now().plusSeconds(600),
            Map.of("tapis/tenant_id", "default", "tapis/username", "alice"));
    String expired =
        realmToken(
            REALM_KEY,
            REALM_ISSUER,
            Instant.now().minusSeconds(3600),
            Map.of("preferred_username", "eve"));
    String unknownIssuer =
        realmToken(
            REALM_KEY,
            "https://elsewhere.example",
            Instant.now().plusSeconds(600),
            Map.of("preferred_username", "eve"));
    // issue 14 item 8: a token the realm issued to another of its clients, and an ID token
    String otherClient =
        realmToken(
            REALM_KEY,
            REALM_ISSUER,
            Instant.now().plusSeconds(600),
            Map.of("preferred_username", "eve", "azp", "webmail"));
    String idToken =
        realmToken(
            REALM_KEY,
            REALM_ISSUER,
            Instant.now().plusSeconds(600),
            Map.of("preferred_username", "eve", "typ", "ID", "aud", "berth"));
    for (String bad :
        List.of("garbage", token + "x", forged, expired, unknownIssuer, otherClient, idToken)) {
      Reply reply = api.get("/v3/pods", bad);
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.body().path("status").asString()).isEqualTo("error");
    }
  }

  @Test
  void externalIssuerTenantWithKeycloakClaimsAndIsolation() {
    String dana =
        realmToken(
            REALM_KEY,
            REALM_ISSUER,
            Instant.now().plusSeconds(600),
            Map.of("preferred_username", "dana", "realm_access", Map.of("roles", List.of("user"))));
    String boss =
        realmToken(
            REALM_KEY,
            REALM_ISSUER,
            Instant.now().plusSeconds(600),
            Map.of(
                "preferred_username",
                "boss",
                "realm_access",
                Map.of("roles", List.of("pods-admin"))));
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"sciencepod\",\"pod_template\":\"template/jupyter\"}",
                    dana)
                .status())
        .isEqualTo(200);
    String alice = api.token("alice", "secret1");
    String carol = api.token("carol", "secret3");
    api.post(
        "/v3/pods", "{\"pod_id\":\"defaultpod\",\"pod_template\":\"template/jupyter\"}", alice);
    // tenants never see each other's pods, not even their admins
    assertThat(api.get("/v3/pods/sciencepod", alice).status()).isEqualTo(404);
    assertThat(api.get("/v3/pods/sciencepod", carol).status()).isEqualTo(404);
    assertThat(api.get("/v3/pods/defaultpod", boss).status()).isEqualTo(404);
    assertThat(api.get("/v3/pods", carol).result().toString()).doesNotContain("sciencepod");
    // the realm's admin role maps to tenant admin
    assertThat(api.get("/v3/pods/sciencepod/credentials", boss).status()).isEqualTo(200);
    String mismatched =
        realmToken(
            REALM_KEY,
            REALM_ISSUER,
            Instant.now().plusSeconds(600),
            Map.of("preferred_username", "dana", "tapis/tenant_id", "default"));
    assertThat(api.get("/v3/pods", mismatched).status()).isEqualTo(401);
  }

  @Test
  void tenantsAreDiscoverable() {
    Reply tenants = api.get("/v3/tenants", null);
    assertThat(tenants.status()).isEqualTo(200);
    assertThat(tenants.result().toString())
        .contains("\"tenant_id\":\"default\"")
        .contains("science");
    assertThat(api.get("/v3/tenants/default", null).result().path("public_key").asString())
        .contains("BEGIN PUBLIC KEY");
    // an external tenant's key is its issuer's signing key, read from its JWKS
    assertThat(api.get("/v3/tenants/science", null).result().path("public_key").asString())
        .contains("BEGIN PUBLIC KEY");
    assertThat(api.get("/v3/oauth2/jwks", null).text()).contains("\"keys\"");
    assertThat(api.get("/v3/tenants/nosuch", null).status()).isEqualTo(404);
  }

  /** tapipy's constructor: sites and tenants without a token, each tenant matched to its site. */
  @Test
  void sitesAndTenantsAreWhatTapipyReads() {
    Reply sites = api.get("/v3/sites", null);
    assertThat(sites.status()).as(sites.text()).isEqualTo(200);
    String siteId = sites.result().get(0).path("site_id").asString();
    assertThat(siteId).isNotBlank();
    assertThat(sites.result().get(0).path("services").toString()).contains("pods");
    assertThat(api.get("/v3/sites/" + siteId, null).status()).isEqualTo(200);
    assertThat(api.get("/v3/sites/nosuch", null).status()).isEqualTo(404);
    for (var tenant : api.get("/v3/tenants", null).result()) {
      assertThat(tenant.path("site_id").asString()).isEqualTo(siteId);
      for (String field :
          List.of("base_url", "token_service", "security_kernel", "authenticator", "owner")) {
        assertThat(tenant.path(field).isString()).as(field + " of " + tenant).isTrue();
      }
    }
  }

  @Test
  void apiDescriptionIsPublic() {
    Reply openapi = api.get("/openapi.json", null);
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.text()).contains("/v3/pods/{podId}");
    // issue 17: the description is true to the API
    var doc = openapi.body();
    List<String> camel = new java.util.ArrayList<>();
    doc.path("components")
        .path("schemas")
        .properties()
        .forEach(schema ->
            schema
                .getValue()
                .path("properties")
                .propertyNames()
                .forEach(name -> {
                  if (!name.matches("[a-z0-9_]+")
                      && !List.of("lastModified", "nativePermissions").contains(name)) {
                    camel.add(schema.getKey() + "." + name);
                  }
                }));
    assertThat(camel).as("camelCase properties").isEmpty();
    assertThat(doc.path("components").path("securitySchemes").has("X-Tapis-Token")).isTrue();
    assertThat(doc.path("components").path("securitySchemes").has("bearer")).isTrue();
    assertThat(doc.path("info").path("version").asString())
        .isEqualTo(io.berth.web.BerthVersion.current());
    doc.path("paths")
        .properties()
        .forEach(path ->
            path.getValue()
                .properties()
                .forEach(op -> {
                  String where = op.getKey() + " " + path.getKey();
                  assertThat(op.getValue().path("summary").asString())
                      .as("summary of " + where)
                      .isNotBlank();
                  assertThat(op.getValue().path("responses").has("404"))
                      .as("errors of " + where)
                      .isTrue();
                  op.getValue()
                      .path("parameters")
                      .forEach(p ->
                          assertThat(p.path("name").asString())
                              .as("parameters of " + where)
                              .isNotEqualTo("caller"));
                }));
    assertThat(doc.path("paths").path("/v3/pods/healthcheck").path("get").has("security")).isTrue();
    HttpResponse<String> docs =
        send(HttpRequest.newBuilder(URI.create(api.base() + "/docs")).build());
    assertThat(docs.statusCode()).isIn(200, 302);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
