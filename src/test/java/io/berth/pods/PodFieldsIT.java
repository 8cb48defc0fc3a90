package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The pod fields of Tapis Pods 1.9 as tapipy sends them, on real containers: {@code image} and
 * {@code template} instead of Berth's {@code pod_template}, {@code arguments} reaching the
 * container, {@code compute_queue} choosing a site's resource profile, and {@code status_requested}
 * in an update.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PodFieldsIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "pf" + UUID.randomUUID().toString().substring(0, 6);
  static final int PROXY_PORT = io.berth.testing.FreePort.find();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.runtime.stop-timeout", () -> "2s");
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    registry.add("berth.pods.compute-queues.large.default-resources.mem-limit", () -> "8192");
    registry.add("berth.pods.compute-queues.large.max-resources.mem-limit", () -> "16384");
    registry.add("berth.pods.compute-queues.large.max-resources.mem-request", () -> "16384");
    Path templates = Files.createDirectories(home.resolve("templates"));
    Files.writeString(
        templates.resolve("web.yaml"),
        """
        name: web
        description: busybox httpd
        image: localhost/berth-test/busybox-httpd:1
        networking:
          default: {protocol: http, port: 5000}
        """);
    registry.add("berth.templates.site-directory", templates::toString);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String alice;

  @BeforeAll
  void setUp() {
    PodApiSupport.clean(jdbc);
    TestImages.busyboxHttpd();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
  }

  @AfterAll
  void removeContainers() {
    for (JsonNode pod : api.get("/v3/pods", alice).result()) {
      api.delete("/v3/pods/" + pod.path("pod_id").asString(), alice);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
  }

  @Test
  void podFromAnImageRunsItsCommandWithItsArguments() {
    Reply created =
        create(
            "{\"pod_id\":\"argpod\",\"image\":\""
                + TestImages.BUSYBOX_HTTPD
                + "\",\"command\":[\"/bin/sh\",\"-c\",\"echo args: $@; exec /bin/busybox httpd"
                + " -f -p 5000 -h /www\",\"sh\"],\"arguments\":[\"one\",\"two\"]}");
    JsonNode pod = created.result();
    assertThat(pod.path("image").asString()).isEqualTo(TestImages.BUSYBOX_HTTPD);
    assertThat(pod.path("template").asString()).isEmpty();
    assertThat(pod.path("pod_template").asString()).isEqualTo(TestImages.BUSYBOX_HTTPD);
    assertThat(strings(pod.path("arguments"))).containsExactly("one", "two");
    assertThat(pod.path("compute_queue").asString()).isEqualTo("default");
    awaitStatus("argpod", "AVAILABLE");
    awaitLogs("argpod", "args: one two");
  }

  @Test
  void argumentsWithoutACommandReplaceTheImagesOwn() {
    create(
        "{\"pod_id\":\"argsonly\",\"image\":\""
            + TestImages.BUSYBOX_HTTPD
            + "\",\"arguments\":[\"/bin/sh\",\"-c\",\"echo only-arguments; exec /bin/busybox"
            + " httpd -f -p 5000 -h /www\"]}");
    awaitStatus("argsonly", "AVAILABLE");
    awaitLogs("argsonly", "only-arguments");
  }

  @Test
  void podFromATemplateByName() {
    JsonNode pod =
        create("{\"pod_id\":\"tplpod\",\"template\":\"web\",\"status_requested\":\"OFF\"}")
            .result();
    assertThat(pod.path("template").asString()).isEqualTo("web");
    assertThat(pod.path("pod_template").asString()).isEqualTo("template/web");
    assertThat(pod.path("image").asString()).isEqualTo(TestImages.BUSYBOX_HTTPD);

    Reply unknown = api.post("/v3/pods", "{\"pod_id\":\"nopod\",\"template\":\"nosuch\"}", alice);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).contains("Field template").contains("nosuch");
    Reply both =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"nopod\",\"template\":\"web\",\"image\":\""
                + TestImages.BUSYBOX_HTTPD
                + "\"}",
            alice);
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.message()).contains("image").contains("template");
    Reply none = api.post("/v3/pods", "{\"pod_id\":\"nopod\"}", alice);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.message()).contains("Field image or template is required");
    Reply refused =
        api.post(
            "/v3/pods", "{\"pod_id\":\"nopod\",\"image\":\"docker.io/library/nginx:1\"}", alice);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message()).contains("Field image").contains("allowlist");
  }

  @Test
  void computeQueueChoosesTheSitesResourceProfile() {
    Reply unknown =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"qpod\",\"template\":\"web\",\"compute_queue\":\"gpu\"}",
            alice);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("Field compute_queue").contains("default, large");

    JsonNode large =
        create(
                "{\"pod_id\":\"largepod\",\"template\":\"web\",\"compute_queue\":\"large\","
                    + "\"status_requested\":\"OFF\"}")
            .result();
    assertThat(large.path("compute_queue").asString()).isEqualTo("large");
    assertThat(large.path("resources").path("mem_limit").asInt()).isEqualTo(8192);
    // the queue's bounds, not the site's (12288 MiB), apply
    Reply bigger =
        api.put(
            "/v3/pods/largepod",
            "{\"resources\":{\"mem_limit\":14000,\"mem_request\":1000}}",
            alice);
    assertThat(bigger.status()).as(bigger.text()).isEqualTo(200);
    Reply tooBig = api.put("/v3/pods/largepod", "{\"resources\":{\"mem_limit\":20000}}", alice);
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(tooBig.message()).contains("resources.mem_limit").contains("16384");

    Reply defaultQueue =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"smallpod\",\"template\":\"web\",\"status_requested\":\"OFF\","
                + "\"resources\":{\"mem_limit\":14000}}",
            alice);
    assertThat(defaultQueue.status()).isEqualTo(400);
    assertThat(defaultQueue.message()).contains("resources.mem_limit").contains("12288");
  }

  @Test
  void statusRequestedInAnUpdateStopsAndStartsThePod() {
    create("{\"pod_id\":\"switched\",\"image\":\"" + TestImages.BUSYBOX_HTTPD + "\"}");
    awaitStatus("switched", "AVAILABLE");

    Reply bad = api.put("/v3/pods/switched", "{\"status_requested\":\"PAUSE\"}", alice);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("Field status_requested").contains("ON, OFF or RESTART");

    Reply off =
        api.put(
            "/v3/pods/switched",
            "{\"status_requested\":\"OFF\",\"description\":\"paused\"}",
            alice);
    assertThat(off.status()).as(off.text()).isEqualTo(200);
    assertThat(off.result().path("status_requested").asString()).isEqualTo("OFF");
    assertThat(off.result().path("description").asString()).isEqualTo("paused");
    awaitStatus("switched", "STOPPED");

    Reply on = api.put("/v3/pods/switched", "{\"status_requested\":\"ON\"}", alice);
    assertThat(on.status()).as(on.text()).isEqualTo(200);
    awaitStatus("switched", "AVAILABLE");
    assertThat(api.get("/v3/pods/switched/logs", alice).result().path("action_logs").toString())
        .contains("updated description")
        .contains("requested stop (status_requested OFF)")
        .contains("requested start (status_requested ON)");
  }

  /**
   * A pod from a stored template's tag on a real container: the tag's {@code ${pods:value:...}} and
   * {@code ${pods:random:N}} placeholders reach the container expanded, and no API answer about the
   * pod shows either value.
   */
  @Test
  void podFromAStoredTagRunsWithItsPlaceholdersExpandedThatTheApiNeverShows() {
    assertThat(api.post("/v3/pods/templates", "{\"template_id\":\"webtpl\"}", alice).status())
        .isEqualTo(200);
    Reply tag =
        api.post(
            "/v3/pods/templates/webtpl/tags",
            "{\"tag\":\"v1\",\"commit_message\":\"v1\",\"pod_definition\":{\"image\":\""
                + TestImages.BUSYBOX_HTTPD
                + "\",\"environment_variables\":{\"GREETING\":\"${pods:value:GREETING}\","
                + "\"SECRET\":\"${pods:random:24}\"}}}",
            alice);
    assertThat(tag.status()).as(tag.text()).isEqualTo(200);
    String greeting = "hello" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode pod =
        create(
                "{\"pod_id\":\"tagpod\",\"template\":\"webtpl:v1\",\"placeholder_values\":"
                    + "{\"GREETING\":\""
                    + greeting
                    + "\"}}")
            .result();
    assertThat(pod.path("template").asString()).isEqualTo("webtpl:v1");
    assertThat(pod.path("template_tag").asString()).startsWith("v1@");
    awaitStatus("tagpod", "AVAILABLE");

    String container =
        TestEngine.podman(
                "ps",
                "-q",
                "--filter",
                "label=io.berth.site=" + SITE,
                "--filter",
                "label=io.berth.pod=tagpod")
            .strip();
    assertThat(container).isNotBlank();
    String env = TestEngine.podman("exec", container, "env");
    assertThat(env).contains("GREETING=" + greeting).doesNotContain("${pods:");
    String secret =
        env.lines()
            .filter(line -> line.startsWith("SECRET="))
            .findFirst()
            .orElseThrow()
            .substring("SECRET=".length());
    assertThat(secret).hasSize(24);

    String shown =
        api.get("/v3/pods/tagpod", alice).text()
            + api.get("/v3/pods/tagpod/derived", alice).text()
            + api.get("/v3/pods/tagpod/logs", alice).text()
            + api.get("/v3/pods", alice).text();
    assertThat(shown).contains("${pods:value:GREETING}").doesNotContain(greeting, secret);
  }

  Reply create(String body) {
    Reply reply = api.post("/v3/pods", body, alice);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    return reply;
  }

  void awaitStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() ->
            assertThat(api.get("/v3/pods/" + id, alice).result().path("status").asString())
                .isEqualTo(status));
  }

  /** The container's output is saved as it comes, a moment after the pod is available. */
  void awaitLogs(String id, String text) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            assertThat(api.get("/v3/pods/" + id + "/logs", alice).result().path("logs").asString())
                .contains(text));
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asString()));
    return values;
  }
}
