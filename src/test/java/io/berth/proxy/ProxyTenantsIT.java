package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ExternalIssuer;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two tenants, each with a pod called {@code webapp}, as real containers on Podman behind the real
 * proxy: the site's tenant (default) keeps the short host names, tenant science has its own, and
 * each reaches its own container over http and tcp. The containers are hostile in the way that
 * matters here: a CGI script shows every header they receive, so the tests see that no Berth token
 * or session ever reaches a pod, that a gated pod learns only what tapis_auth_response_headers ask
 * for, and that the proxy's session opens nothing but its own address. Traefik's configuration and
 * its forwardAuth endpoint are checked against the same pods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProxyTenantsIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "pt" + UUID.randomUUID().toString().substring(0, 6);
  static final int PROXY_PORT = FreePort.find();
  static final int TCP_FIRST = 33000 + (int) (ProcessHandle.current().pid() % 400) * 2;
  static final ExternalIssuer SCIENCE = new ExternalIssuer("science");
  static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  /**
   * Serves a marker on 5000 (http) and on 5001 (reached through a tcp entry), and at /cgi-bin/env
   * every header the pod received (busybox httpd hands them to CGI scripts as HTTP_*).
   */
  static final String SCRIPT =
      "echo %s > /www/index.html && mkdir -p /www/cgi-bin"
          + " && printf '#!/bin/sh\\nprintf \"Content-Type: text/plain\\\\r\\\\n\\\\r\\\\n\"\\nenv\\n'"
          + " > /www/cgi-bin/env && busybox chmod 755 /www/cgi-bin/env"
          + " && httpd -p 5001 -h /www && exec httpd -f -p 5000 -h /www";

  static final String NETWORKING =
      "{\"default\":{\"protocol\":\"http\",\"port\":5000},"
          + "\"raw\":{\"protocol\":\"tcp\",\"port\":5001},"
          + "\"private\":{\"protocol\":\"http\",\"port\":5000,\"tapis_auth\":true,"
          + "\"tapis_auth_response_headers\":{\"X-Tapis-Username\":\"<<tapisusername>>@<<tenant>>\"}}}";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1,carol:secret3:admin");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.runtime.stop-timeout", () -> "2s");
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    registry.add("berth.proxy.bind-address", () -> "127.0.0.1");
    registry.add("berth.proxy.tcp-port-range", () -> TCP_FIRST + "-" + (TCP_FIRST + 20));
    registry.add("berth.proxy.traefik-token", () -> "traefik-secret");
    registry.add("berth.proxy.forward-auth-url", () -> "http://berth-api.berth.svc:8080");
    SCIENCE.register(registry, 0);
  }

  @LocalServerPort int apiPort;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String alice;
  String carol;
  String dana;
  String boss;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    api = new ApiClient(apiPort);
    alice = api.token("alice", "secret1");
    carol = api.token("carol", "secret3");
    dana = SCIENCE.token("dana", false);
    boss = SCIENCE.token("boss", true);
    create("webapp", "site-tenant-pod", alice);
    create("webapp", "science-tenant-pod", dana);
    awaitAvailable("webapp", alice);
    awaitAvailable("webapp", dana);
  }

  @AfterAll
  void tearDown() {
    api.delete("/v3/pods/webapp", alice);
    api.delete("/v3/pods/webapp", dana);
    jdbc.sql("delete from pods where pod_id like 'legacy%' or pod_id like 'abc%'").update();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
    SCIENCE.stop();
  }

  void create(String id, String marker, String token) {
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\""
                + id
                + "\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\",\"command\":"
                + JSON.writeValueAsString(
                    List.of("/bin/busybox", "sh", "-c", SCRIPT.formatted(marker)))
                + ",\"networking\":"
                + NETWORKING
                + "}",
            token);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
  }

  void awaitAvailable(String id, String token) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() ->
            assertThat(api.get("/v3/pods/" + id, token).result().path("status").asString())
                .isEqualTo("AVAILABLE"));
  }

  /** A request to the proxy with the given Host; the whole answer, head and body. */
  String proxied(String host, String path, Map<String, String> headers) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", PROXY_PORT)) {
      socket.setSoTimeout(20000);
      StringBuilder head =
          new StringBuilder(
              "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      socket.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  String awaitProxied(String host, String path, Map<String, String> headers) {
    List<String> reply = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(() -> {
          reply.clear();
          reply.add(proxied(host, path, headers));
          assertThat(reply.get(0)).startsWith("HTTP/1.1 200");
        });
    return reply.get(0);
  }

  static String sessionOf(String reply) {
    return reply
        .lines()
        .filter(l -> l.regionMatches(true, 0, "Set-Cookie: berth_session=", 0, 26))
        .map(l -> l.substring(26, l.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + reply));
  }

  HttpResponse<String> forwardAuth(String host, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/" + host + "/auth"))
            .header("X-Forwarded-Method", "GET")
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Uri", "/cgi-bin/env")
            .header("X-Forwarded-For", "203.0.113.7");
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  // ---- item 1: addresses per tenant ----

  @Test
  void samePodIdInTwoTenantsReachesEachItsOwnContainer() throws Exception {
    JsonNode site = api.get("/v3/pods/webapp", alice).result();
    JsonNode science = api.get("/v3/pods/webapp", dana).result();
    assertThat(site.path("url").asString()).isEqualTo("http://webapp.pods.localhost:" + PROXY_PORT);
    assertThat(science.path("url").asString())
        .isEqualTo("http://webapp.science.pods.localhost:" + PROXY_PORT);
    assertThat(awaitProxied("webapp.pods.localhost", "/", Map.of()))
        .contains("site-tenant-pod")
        .doesNotContain("science-tenant-pod");
    assertThat(awaitProxied("webapp.science.pods.localhost", "/", Map.of()))
        .contains("science-tenant-pod")
        .doesNotContain("site-tenant-pod");
    String siteTcp = site.path("networking").path("raw").path("url").asString();
    String scienceTcp = science.path("networking").path("raw").path("url").asString();
    assertThat(siteTcp).isNotEqualTo(scienceTcp);
    assertThat(overTcp(siteTcp)).contains("site-tenant-pod");
    assertThat(overTcp(scienceTcp)).contains("science-tenant-pod");
  }

  String overTcp(String address) {
    int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
    List<String> reply = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(() -> {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
            reply.add(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
          }
          assertThat(reply.getLast()).contains("200 OK");
        });
    return reply.getLast();
  }

  @Test
  void anAddressAnotherPodHoldsIsRefusedNamingTheField() {
    // a pod kept from rules that allowed '-' in ids holds abc-web.pods.localhost
    jdbc.sql(
            "insert into pods (tenant, pod_id, pod_template, image, command,"
                + " environment_variables, networking, resources, volume_mounts,"
                + " time_to_stop_default, status_requested, status, status_container, generation,"
                + " creation_ts, update_ts, created_by, uid) values ('default', 'abc-web', 'x', 'x',"
                + " '[]', '{}', '{\"default\":{\"protocol\":\"http\",\"port\":5000}}', '{}', '{}',"
                + " -1, 'OFF', 'STOPPED', '{}', 1, current_timestamp, current_timestamp, 'old',"
                + " 'abc-web-old')")
        .update();
    Reply refused =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"abc\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"status_requested\":\"OFF\","
                + "\"networking\":{\"web\":{\"protocol\":\"http\",\"port\":5000}}}",
            alice);
    assertThat(refused.status()).as(refused.text()).isEqualTo(409);
    assertThat(refused.message()).contains("networking.web").contains("abc-web.pods.localhost");
    assertThat(api.get("/v3/pods/abc", alice).status()).isEqualTo(404);
    // the same pod id in another tenant has its own address
    Reply elsewhere =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"abc\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"status_requested\":\"OFF\","
                + "\"networking\":{\"web\":{\"protocol\":\"http\",\"port\":5000}}}",
            dana);
    assertThat(elsewhere.status()).as(elsewhere.text()).isEqualTo(200);
    assertThat(elsewhere.result().path("url").asString()).contains("abc-web.science.pods.");
    // nor may a pod's update take it
    Reply plain =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"abc\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\","
                + "\"status_requested\":\"OFF\"}",
            alice);
    assertThat(plain.status()).as(plain.text()).isEqualTo(200);
    Reply update =
        api.put(
            "/v3/pods/abc",
            "{\"networking\":{\"web\":{\"protocol\":\"http\",\"port\":5000}}}",
            alice);
    assertThat(update.status()).as(update.text()).isEqualTo(409);
    assertThat(update.message()).contains("networking.web");
    api.delete("/v3/pods/abc", alice);
    api.delete("/v3/pods/abc", dana);
  }

  // ---- items 1 and 2: Traefik's configuration ----

  @Test
  void traefikGetsDistinctRoutesAndATenantAdminOnlyTheirTenants() throws Exception {
    JsonNode all = traefikConfig("traefik-secret");
    TraefikSchema.assertValid(all);
    JsonNode routers = all.path("http").path("routers");
    assertThat(routers.path("webapp_pods_localhost").path("rule").asString())
        .isEqualTo("Host(`webapp.pods.localhost`)");
    assertThat(routers.path("webapp_science_pods_localhost").path("rule").asString())
        .isEqualTo("Host(`webapp.science.pods.localhost`)");
    List<String> rules = new ArrayList<>();
    routers.forEach(r -> rules.add(r.path("rule").asString()));
    all.path("tcp").path("routers").forEach(r -> rules.add(r.path("rule").asString()));
    assertThat(rules).doesNotHaveDuplicates();
    assertThat(
            all.path("tcp")
                .path("routers")
                .path("webapp-raw_science_pods_localhost")
                .path("rule")
                .asString())
        .isEqualTo("HostSNI(`webapp-raw.science.pods.localhost`)");
    assertThat(traefikConfig(carol)).isEqualTo(all);

    JsonNode science = traefikConfig(boss);
    TraefikSchema.assertValid(science);
    assertThat(science.toString())
        .contains("webapp.science.pods.localhost")
        .doesNotContain("webapp.pods.localhost")
        .doesNotContain("webapp-private.pods.localhost");
    String siteTarget =
        all.path("http")
            .path("services")
            .path("webapp_pods_localhost")
            .path("loadBalancer")
            .path("servers")
            .get(0)
            .path("url")
            .asString();
    assertThat(science.toString()).doesNotContain(siteTarget);
    assertThat(api.get("/v3/pods/traefik-config", alice).status()).isEqualTo(403);
    assertThat(api.get("/v3/pods/traefik-config", dana).status()).isEqualTo(403);
  }

  JsonNode traefikConfig(String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/traefik-config"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiClient.parse(response.body());
  }

  // ---- item 15: gated routers through Traefik ----

  @Test
  void gatedRoutersAskBerthAndOpenOnesDropTheTapisToken() throws Exception {
    JsonNode http = traefikConfig("traefik-secret").path("http");
    JsonNode gated = http.path("routers").path("webapp-private_pods_localhost");
    assertThat(gated.path("middlewares").toString())
        .isEqualTo("[\"webapp-private_pods_localhost-auth\"]");
    JsonNode forwardAuth =
        http.path("middlewares").path("webapp-private_pods_localhost-auth").path("forwardAuth");
    assertThat(forwardAuth.path("address").asString())
        .isEqualTo("http://berth-api.berth.svc:8080/v3/pods/webapp-private.pods.localhost/auth");
    assertThat(forwardAuth.path("authResponseHeaders").toString())
        .contains("\"Cookie\"", "\"Authorization\"", "\"X-Tapis-Token\"", "\"X-Tapis-Username\"");
    assertThat(forwardAuth.path("addAuthCookiesToResponse").toString())
        .isEqualTo("[\"berth_session\"]");
    JsonNode open = http.path("routers").path("webapp_pods_localhost");
    assertThat(open.path("middlewares").toString()).isEqualTo("[\"berth-strip-tapis-token\"]");
    assertThat(
            http.path("middlewares")
                .path("berth-strip-tapis-token")
                .path("headers")
                .path("customRequestHeaders")
                .path("X-Tapis-Token")
                .asString())
        .isEmpty();
    JsonNode credentials = http.path("routers").path("webapp_pods_localhost-credentials");
    assertThat(credentials.path("rule").asString())
        .startsWith("Host(`webapp.pods.localhost`) && (HeaderRegexp(`Authorization`");
    assertThat(credentials.path("middlewares").toString()).contains("webapp_pods_localhost-auth");
  }

  @Test
  void forwardAuthMakesTheGatesDecisionAsTraefikAsksIt() throws Exception {
    String host = "webapp-private.pods.localhost";
    Map<String, String> asTraefik = Map.of("X-Forwarded-Host", host);
    assertThat(forwardAuth(host, asTraefik).statusCode()).isEqualTo(401);
    assertThat(forwardAuth(host, with(asTraefik, "X-Tapis-Token", dana)).statusCode())
        .isEqualTo(403);
    assertThat(forwardAuth(host, with(asTraefik, "Authorization", "Bearer " + boss)).statusCode())
        .isEqualTo(403);

    Map<String, String> aliceCall = with(asTraefik, "Authorization", "Bearer " + alice);
    aliceCall.put("Cookie", "berth_session=stale; theme=dark");
    aliceCall.put("X-Tapis-Username", "mallory");
    HttpResponse<String> allowed = forwardAuth(host, aliceCall);
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("X-Tapis-Username")).hasValue("alice@default");
    assertThat(allowed.headers().firstValue("Cookie")).hasValue("theme=dark");
    assertThat(allowed.headers().firstValue("Authorization")).isEmpty();
    String setCookie = allowed.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith("berth_session=")
        .containsIgnoringCase("HttpOnly")
        .contains("Secure");
    String session = setCookie.substring(14, setCookie.indexOf(';'));
    assertThat(session).isNotEqualTo(alice);

    HttpResponse<String> bySession =
        forwardAuth(host, with(asTraefik, "Cookie", "berth_session=" + session));
    assertThat(bySession.statusCode()).isEqualTo(200);
    assertThat(bySession.headers().firstValue("Cookie")).isEmpty();
    // the session is this host's alone
    String scienceHost = "webapp-private.science.pods.localhost";
    assertThat(
            forwardAuth(
                    scienceHost,
                    Map.of("X-Forwarded-Host", scienceHost, "Cookie", "berth_session=" + session))
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> danaThere =
        forwardAuth(scienceHost, Map.of("X-Forwarded-Host", scienceHost, "X-Tapis-Token", dana));
    assertThat(danaThere.statusCode()).isEqualTo(200);
    assertThat(danaThere.headers().firstValue("X-Tapis-Username")).hasValue("dana@science");

    assertThat(
            forwardAuth(
                    host,
                    with(
                        Map.of("X-Forwarded-Host", "webapp.pods.localhost"),
                        "X-Tapis-Token",
                        alice))
                .statusCode())
        .isEqualTo(400);
    assertThat(forwardAuth("nosuch.pods.localhost", Map.of()).statusCode()).isEqualTo(404);
    // an open route: Berth's bearer token is removed, the pod's own Authorization kept
    String openHost = "webapp.pods.localhost";
    HttpResponse<String> open =
        forwardAuth(
            openHost, Map.of("X-Forwarded-Host", openHost, "Authorization", "Bearer " + alice));
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Authorization")).isEmpty();
    HttpResponse<String> basic =
        forwardAuth(openHost, Map.of("X-Forwarded-Host", openHost, "Authorization", "Basic eDp5"));
    assertThat(basic.headers().firstValue("Authorization")).hasValue("Basic eDp5");
  }

  static Map<String, String> with(Map<String, String> base, String name, String value) {
    Map<String, String> headers = new LinkedHashMap<>(base);
    headers.put(name, value);
    return headers;
  }

  // ---- item 9: what pods receive ----

  @Test
  void anOpenPodReceivesNoBerthCredentials() throws Exception {
    String reply =
        awaitProxied(
            "webapp.pods.localhost",
            "/cgi-bin/env",
            Map.of(
                "X-Tapis-Token",
                alice,
                "Authorization",
                "Bearer " + alice,
                "Cookie",
                "berth_session=s1.whatever; theme=dark"));
    assertThat(reply)
        .contains("HTTP_COOKIE=theme=dark")
        .doesNotContain(alice)
        .doesNotContain("HTTP_X_TAPIS_TOKEN")
        .doesNotContain("HTTP_AUTHORIZATION")
        .doesNotContain("berth_session");
    // a pod's own credentials are its business
    assertThat(
            awaitProxied(
                "webapp.pods.localhost",
                "/cgi-bin/env",
                Map.of("Authorization", "Bearer the-apps-own-token")))
        .contains("HTTP_AUTHORIZATION=Bearer the-apps-own-token");
  }

  @Test
  void aGatedPodLearnsOnlyWhatItAskedForAndItsSessionOpensNothingElse() throws Exception {
    String host = "webapp-private.pods.localhost";
    String reply =
        awaitProxied(
            host,
            "/cgi-bin/env",
            Map.of(
                "Authorization", "Bearer " + alice,
                "X-Tapis-Username", "mallory",
                "Cookie", "theme=dark"));
    assertThat(reply)
        .contains("HTTP_X_TAPIS_USERNAME=alice@default")
        .doesNotContain("mallory")
        .doesNotContain(alice)
        .doesNotContain("HTTP_AUTHORIZATION")
        .contains("HTTP_COOKIE=theme=dark");
    String session = sessionOf(reply);
    assertThat(session).isNotEqualTo(alice).doesNotContain(".ey");

    String again = awaitProxied(host, "/cgi-bin/env", Map.of("Cookie", "berth_session=" + session));
    assertThat(again).contains("HTTP_X_TAPIS_USERNAME=alice@default").doesNotContain(session);

    // a pod that kept the session could not use it on the API, nor on another pod
    assertThat(api.get("/v3/pods", session).status()).isEqualTo(401);
    HttpResponse<String> bearer =
        http.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods"))
                .header("Authorization", "Bearer " + session)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(
            proxied(
                "webapp-private.science.pods.localhost",
                "/cgi-bin/env",
                Map.of("Cookie", "berth_session=" + session)))
        .startsWith("HTTP/1.1 403");
    // nor is an API token a session
    assertThat(proxied(host, "/cgi-bin/env", Map.of("Cookie", "berth_session=" + alice)))
        .startsWith("HTTP/1.1 403");
  }
}
