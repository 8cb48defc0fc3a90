package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Pods as real containers on Podman, driven through the API: AVAILABLE only when the port answers,
 * stop, start, restart and delete, a container removed behind Berth's back, a missing image,
 * volumes shared live between pods, and a template pod's data kept across stop and start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PodLifecycleIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "lc" + UUID.randomUUID().toString().substring(0, 6);
  static final int PROXY_PORT = io.berth.testing.FreePort.find();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.reconciler.backoff-initial", () -> "200ms");
    registry.add("berth.runtime.stop-timeout", () -> "2s");
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    Path templates = Files.createDirectories(home.resolve("templates"));
    Files.writeString(
        templates.resolve("webdata.yaml"),
        """
        name: webdata
        description: busybox httpd serving its persistent data directory
        image: localhost/berth-test/busybox-httpd:1
        networking:
          default: {protocol: http, port: 5000}
        readiness: {type: http, path: /, timeout_seconds: 30}
        data_paths: [/www]
        """);
    registry.add("berth.templates.site-directory", templates::toString);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String alice;
  final HttpClient http = HttpClient.newHttpClient();

  /**
   * Deletes the pods through the API first: the context outlives this class, and its reconciler
   * would bring back an ON pod whose container was merely removed behind its back.
   */
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

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
  }

  JsonNode pod(String id) {
    return api.get("/v3/pods/" + id, alice).result();
  }

  void awaitStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> assertThat(pod(id).path("status").asString()).isEqualTo(status));
  }

  String container(String id) {
    return "berth-" + SITE + "-default-" + id;
  }

  int publishedPort(String id) {
    String out = TestEngine.podman("port", container(id), "5000").trim();
    return Integer.parseInt(
        out.substring(out.lastIndexOf(':') + 1).lines().findFirst().orElseThrow());
  }

  String fetch(int hostPort, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  Reply create(String body) {
    Reply reply = api.post("/v3/pods", body, alice);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    return reply;
  }

  @Test
  void podRunsStopsStartsRestartsAndIsDeleted() throws Exception {
    create("{\"pod_id\":\"lifepod\",\"pod_template\":\"" + TestImages.BUSYBOX_HTTPD + "\"}");
    awaitStatus("lifepod", "AVAILABLE");
    assertThat(fetch(publishedPort("lifepod"), "/")).contains("hello from a berth pod");
    assertThat(pod("lifepod").path("start_instance_ts").isNull()).isFalse();

    api.get("/v3/pods/lifepod/stop", alice);
    awaitStatus("lifepod", "STOPPED");
    assertThat(TestEngine.podman("ps", "-a", "--filter", "name=" + container("lifepod"), "-q"))
        .isBlank();

    api.get("/v3/pods/lifepod/start", alice);
    awaitStatus("lifepod", "AVAILABLE");
    String before = TestEngine.podman("inspect", "-f", "{{.Id}}", container("lifepod")).trim();
    api.get("/v3/pods/lifepod/restart", alice);
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> {
          assertThat(pod("lifepod").path("status").asString()).isEqualTo("AVAILABLE");
          assertThat(pod("lifepod").path("status_requested").asString()).isEqualTo("ON");
          String now = TestEngine.podman("inspect", "-f", "{{.Id}}", container("lifepod")).trim();
          assertThat(now).isNotEqualTo(before);
        });

    api.delete("/v3/pods/lifepod", alice);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            TestEngine.podman("ps", "-a", "--filter", "name=" + container("lifepod"), "-q")
                .isBlank());
  }

  /** A request for the pod's URL through the proxy: status line and body. */
  String viaProxy(String podId) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", PROXY_PORT)) {
      socket.setSoTimeout(10000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + podId + ".pods.localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void podUrlAnswersThroughTheProxyAndFollowsStopAndStart() throws Exception {
    create("{\"pod_id\":\"urlpod\",\"pod_template\":\"" + TestImages.BUSYBOX_HTTPD + "\"}");
    assertThat(pod("urlpod").path("url").asString())
        .isEqualTo("http://urlpod.pods.localhost:" + PROXY_PORT);
    awaitStatus("urlpod", "AVAILABLE");
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() ->
            assertThat(viaProxy("urlpod"))
                .startsWith("HTTP/1.1 200")
                .contains("hello from a berth pod"));
    api.get("/v3/pods/urlpod/stop", alice);
    awaitStatus("urlpod", "STOPPED");
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () -> assertThat(viaProxy("urlpod")).startsWith("HTTP/1.1 503").contains("STOPPED"));
    api.get("/v3/pods/urlpod/start", alice);
    awaitStatus("urlpod", "AVAILABLE");
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(viaProxy("urlpod")).startsWith("HTTP/1.1 200"));
  }

  @Test
  void helloTemplateRunsOnTheImageBerthLoadsItself() {
    // no registry serves localhost/berth/hello:1: the Docker adapter loads it from busybox-static
    create("{\"pod_id\":\"hellopod\",\"pod_template\":\"template/hello\"}");
    awaitStatus("hellopod", "AVAILABLE");
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() ->
            assertThat(viaProxy("hellopod"))
                .startsWith("HTTP/1.1 200")
                .contains("hello from a berth pod"));
  }

  @Test
  void containerRemovedOutsideBerthComesBack() {
    create("{\"pod_id\":\"phoenix\",\"pod_template\":\"" + TestImages.BUSYBOX_HTTPD + "\"}");
    awaitStatus("phoenix", "AVAILABLE");
    TestEngine.podman("rm", "-f", "-t", "0", container("phoenix"));
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> {
          JsonNode p = pod("phoenix");
          assertThat(p.path("status").asString()).isEqualTo("AVAILABLE");
          assertThat(p.path("status_container").path("restart_count").asInt()).isEqualTo(1);
        });
  }

  @Test
  void missingImageIsAnErrorWithTheReason() {
    create("{\"pod_id\":\"ghostpod\",\"pod_template\":\"localhost/berth-test/no-such-image:1\"}");
    awaitStatus("ghostpod", "ERROR");
    assertThat(pod("ghostpod").path("status_container").path("reason").asString())
        .contains("localhost/berth-test/no-such-image:1")
        .doesNotContain("Exception");
    assertThat(api.get("/v3/pods/ghostpod/logs", alice).result().toString()).contains("ERROR");
  }

  @Test
  void crashingPodReportsItsExitCodeAndKeepsItsOutput() {
    create(
        "{\"pod_id\":\"crashpod\",\"pod_template\":\""
            + TestImages.BUSYBOX_HTTPD
            + "\","
            + "\"command\":[\"/bin/sh\",\"-c\",\"echo about to fail; exit 7\"]}");
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> {
          Reply logs = api.get("/v3/pods/crashpod/logs", alice);
          assertThat(logs.result().path("logs").asString()).contains("about to fail");
          assertThat(logs.result().path("action_logs").toString()).contains("exited with code 7");
        });
  }

  @Test
  void twoPodsShareAVolumeLiveAndOneServesItsFiles() throws Exception {
    assertThat(
            api.post("/v3/pods/volumes", "{\"volume_id\":\"sitevol\",\"size_limit\":10}", alice)
                .status())
        .isEqualTo(200);
    String mount =
        "\"volume_mounts\":{\"sitevol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/www\"}}";
    create(
        "{\"pod_id\":\"server\",\"pod_template\":\""
            + TestImages.BUSYBOX_HTTPD
            + "\","
            + mount
            + "}");
    create(
        "{\"pod_id\":\"writer\",\"pod_template\":\""
            + TestImages.BUSYBOX_HTTPD
            + "\","
            + "\"command\":[\"/bin/sh\",\"-c\",\"echo written by writer > /www/shared.txt; /bin/busybox httpd -f -p 5000 -h /www\"],"
            + mount
            + "}");
    awaitStatus("server", "AVAILABLE");
    awaitStatus("writer", "AVAILABLE");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            assertThat(fetch(publishedPort("server"), "/shared.txt"))
                .contains("written by writer"));
    // and what the API uploads, the pod serves
    TestEngine.podman(
        "exec", container("writer"), "/bin/sh", "-c", "echo second > /www/second.txt");
    assertThat(api.get("/v3/pods/volumes/sitevol/list", alice).result().toString())
        .contains("second.txt");
  }

  @Test
  void templatePodKeepsItsDataAcrossStopAndStart() throws Exception {
    create("{\"pod_id\":\"datapod\",\"pod_template\":\"template/webdata\"}");
    awaitStatus("datapod", "AVAILABLE");
    TestEngine.podman(
        "exec", container("datapod"), "/bin/sh", "-c", "echo persisted > /www/state.txt");
    api.get("/v3/pods/datapod/stop", alice);
    awaitStatus("datapod", "STOPPED");
    api.get("/v3/pods/datapod/start", alice);
    awaitStatus("datapod", "AVAILABLE");
    assertThat(fetch(publishedPort("datapod"), "/state.txt")).contains("persisted");
    // deleting keeps the data unless asked; delete_data=true removes it
    Path data =
        home.resolve("storage")
            .resolve(
                "pod-default-"
                    + jdbc.sql("select uid from pods where pod_id = 'datapod'")
                        .query(String.class)
                        .single()
                    + "-data0");
    assertThat(data.resolve("data").resolve("state.txt")).exists(); // storage/<id>/data
    api.delete("/v3/pods/datapod?delete_data=true", alice);
    await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(data));
  }
}
