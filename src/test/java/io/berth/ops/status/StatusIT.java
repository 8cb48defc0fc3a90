package io.berth.ops.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.berth.testing.ApiClient;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The status engine against local servers that are up, down, slow and answering the wrong body,
 * with alerts received by a webhook server: triggered after the failure threshold, resolved after
 * the success threshold; and the page, the JSON API, the badges and the metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusIT {
  static final Path home = TestDatabase.newHome();
  static final AtomicBoolean flappyUp = new AtomicBoolean(true);
  static final List<String> webhooks = new CopyOnWriteArrayList<>();
  static HttpServer target;
  static HttpServer hooks;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry, home);
    registry.add("berth.metrics.token", () -> TestMetrics.TOKEN);
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.createContext("/ok", ex -> answer(ex, 200, "{\"status\":\"UP\"}"));
    target.createContext("/wrong", ex -> answer(ex, 200, "{\"status\":\"DOWN\"}"));
    target.createContext(
        "/slow",
        ex -> {
          try {
            Thread.sleep(700);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(ex, 200, "{}");
        });
    target.createContext("/flappy", ex -> answer(ex, flappyUp.get() ? 200 : 503, "{}"));
    target.start();
    hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext(
        "/hook",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          webhooks.add(
              auth + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          answer(ex, 204, null);
        });
    hooks.start();
    String base = "http://127.0.0.1:" + target.getAddress().getPort();
    Path config = Files.createDirectories(home).resolve("status.yaml");
    Files.writeString(
        config,
        """
        checks:
          - name: up
            url: %1$s/ok
            interval: 1s
            conditions: ["[STATUS] == 200", "[BODY].status == UP"]
          - name: down
            url: tcp://127.0.0.1:%2$d
            interval: 1s
          - name: slow
            url: %1$s/slow
            interval: 2s
            timeout: 2s
            conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 300"]
          - name: wrongbody
            url: %1$s/wrong
            interval: 1s
            conditions: ["[BODY].status == UP"]
          - name: flappy
            url: %1$s/flappy
            interval: 1s
            conditions: ["[STATUS] == 200"]
            alerts:
              - type: webhook
                failure-threshold: 2
                success-threshold: 2
                description: flappy service
        alerting:
          webhook:
            url: http://127.0.0.1:%3$d/hook
            headers: {Authorization: "Bearer hook-secret"}
        """
            .formatted(base, FreePort.find(), hooks.getAddress().getPort()));
    registry.add("berth.status.config", config::toString);
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.proxy.enabled", () -> "false");
    registry.add("berth.auth.dev-users", () -> "alice:secret1");
  }

  static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body)
      throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  @AfterAll
  void tearDown() {
    target.stop(0);
    hooks.stop(0);
  }

  @LocalServerPort int port;

  JsonNode check(String name) {
    return new ApiClient(port).get("/status/api/checks/" + name, null).result().path("check");
  }

  @Test
  void judgesUpDownSlowAndWrongBody() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> {
          assertThat(check("up").path("up").asBoolean()).as("%s", check("up")).isTrue();
          assertThat(check("down").path("up").asBoolean(true)).as("%s", check("down")).isFalse();
          assertThat(check("down").path("detail").asString()).startsWith("could not connect");
          assertThat(check("slow").path("up").asBoolean(true)).isFalse();
          assertThat(check("slow").path("detail").asString())
              .contains("response time")
              .contains("is not < 300");
          assertThat(check("wrongbody").path("detail").asString())
              .isEqualTo("/status is DOWN, not == UP");
        });
    JsonNode history =
        new ApiClient(port).get("/status/api/checks/up?limit=5", null).result().path("history");
    assertThat(history.size()).isBetween(1, 5);
    assertThat(check("up").path("uptime").path("24h").asDouble()).isEqualTo(1.0);
    assertThat(new ApiClient(port).get("/status/api/checks/nosuch", null).status()).isEqualTo(404);
    assertThat(new ApiClient(port).get("/status/api/checks/up?limit=0", null).status())
        .isEqualTo(400);
  }

  @Test
  void alertsAfterTheThresholdAndSendsTheResolvedNotice() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            assertThat(check("flappy").path("up").asBoolean(false))
                .as("%s", check("flappy"))
                .isTrue());
    flappyUp.set(false);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            assertThat(webhooks)
                .anySatisfy(w ->
                    assertThat(w)
                        .startsWith("Bearer hook-secret")
                        .contains("\"status\":\"triggered\"")
                        .contains("flappy service")));
    assertThat(webhooks).noneMatch(w -> w.contains("\"status\":\"resolved\""));
    flappyUp.set(true);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(webhooks).anyMatch(w -> w.contains("\"status\":\"resolved\"")));
    assertThat(
            webhooks.stream()
                .filter(w -> w.contains("\"check\":\"flappy\"") && w.contains("triggered")))
        .hasSize(1);
  }

  @Test
  void servesThePageBadgesAndMetrics() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> {
          assertThat(check("up").path("up").asBoolean(false)).as("%s", check("up")).isTrue();
          assertThat(check("down").path("up").asBoolean(true)).as("%s", check("down")).isFalse();
        });
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(get("/status"), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body())
        .contains("Berth status")
        .contains("wrongbody")
        .contains("checks failing")
        // internal targets stay off the public page and its API unless berth.status.show-targets
        .doesNotContain("127.0.0.1")
        // times to the second, as people read them
        .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC")
        .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d+Z");
    String api = new ApiClient(port).get("/status/api/checks/down?limit=5", null).text();
    assertThat(api)
        .doesNotContain("127.0.0.1")
        .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d+Z");
    HttpResponse<String> badge =
        http.send(get("/status/badges/down/health.svg"), HttpResponse.BodyHandlers.ofString());
    assertThat(badge.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    assertThat(badge.body()).startsWith("<svg").contains("down: down");
    assertThat(
            http.send(get("/status/badges/up/uptime-7d.svg"), HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("100.00%");
    assertThat(
            http.send(get("/status/badges/up/uptime-1y.svg"), HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
    String metrics = TestMetrics.scrape(port);
    assertThat(metrics)
        .contains("berth_status_check_up{check=\"up\"} 1.0")
        .contains("berth_status_check_up{check=\"down\"} 0.0")
        .contains("berth_status_check_duration_seconds{check=\"slow\"}")
        .contains("berth_status_check_last_run_timestamp_seconds{check=\"wrongbody\"}");
  }

  HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }
}
