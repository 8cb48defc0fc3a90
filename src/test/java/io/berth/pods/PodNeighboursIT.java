package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ApiOnlyIT;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
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
 * Pods among neighbours, through the whole of Berth. A hostile neighbour: bob's pod tries alice's
 * gated pod at its container address (bypassing the proxy's gate) and Berth's API at the host's
 * address; both are refused, while the proxy still reaches alice's pod, gated, and serves it to
 * alice. Alice's pod runs in her tenant's user namespace, its slot kept in the database. And a
 * template pod running as uid 1000 (as the Jupyter template does) writes its data directory and a
 * volume.
 */
@Tag("db") // tenant slots are kept in the database
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PodNeighboursIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "nb" + UUID.randomUUID().toString().substring(0, 6);
  static final int PROXY_PORT = FreePort.find();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.runtime.network.firewall", () -> "required");
    registry.add("berth.auth.dev-users", () -> ApiOnlyIT.DEV_USERS);
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.runtime.stop-timeout", () -> "1s");
    registry.add("berth.proxy.port", () -> PROXY_PORT);
    Path templates = Files.createDirectories(home.resolve("templates"));
    Files.writeString(
        templates.resolve("notebook.yaml"),
        """
        name: notebook
        description: busybox as the Jupyter template runs, uid 1000 with a data directory
        image: localhost/berth-test/busybox-httpd:1
        networking:
          default: {protocol: http, port: 5000}
        readiness: {type: tcp, timeout_seconds: 60}
        data_paths: [/home/jovyan/work]
        run_as_user: 1000
        """);
    registry.add("berth.templates.site-directory", templates::toString);
  }

  @LocalServerPort int apiPort;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String alice;
  String bob;

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    PodApiSupport.clean(jdbc);
    api = new ApiClient(apiPort);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
  }

  @AfterAll
  void removePods() {
    api.delete("/v3/pods/vault", alice);
    api.delete("/v3/pods/snoop", bob);
    api.delete("/v3/pods/notebook?delete_data=true", alice);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
    api.delete("/v3/pods/volumes/papers", alice);
  }

  @Test
  void aNeighboursPodReachesNeitherAGatedPodDirectlyNorBerthsApi() throws Exception {
    create(
        alice,
        "{\"pod_id\":\"vault\",\"pod_template\":\""
            + TestImages.BUSYBOX_HTTPD
            + "\",\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":5000,"
            + "\"tapis_auth\":true}}}");
    create(bob, "{\"pod_id\":\"snoop\",\"pod_template\":\"" + TestImages.BUSYBOX_HTTPD + "\"}");
    awaitAvailable("vault", alice);
    awaitAvailable("snoop", bob);
    String vault = container("vault");
    String vaultAddress =
        TestEngine.podman(
                "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", vault)
            .strip();
    String gateway =
        TestEngine.podman(
                "inspect",
                "-f",
                "{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}",
                container("snoop"))
            .strip();
    String host = URI.create(pod("vault", alice).path("url").asString()).getHost();

    assertThat(fromSnoop(vaultAddress, 5000, "GET / HTTP/1.0\r\n\r\n"))
        .as("alice's pod at its container address")
        .doesNotContain("hello from a berth pod")
        .doesNotContain("HTTP/1");
    assertThat(fromSnoop(gateway, apiPort, "GET /v3/pods/healthcheck HTTP/1.0\r\n\r\n"))
        .as("Berth's API at the host")
        .doesNotContain("HTTP/1");
    assertThat(fromSnoop(gateway, PROXY_PORT, "GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n"))
        .as("the proxy, a public route: it answers, and keeps its gate")
        .startsWith("HTTP/1.1 401")
        .doesNotContain("hello from a berth pod");
    assertThat(viaProxy(host, alice)).startsWith("HTTP/1.1 200").contains("hello from a berth pod");

    int slot =
        jdbc.sql("select slot from tenant_slots where tenant = 'default'")
            .query(Integer.class)
            .single();
    String uidMap = TestEngine.podman("exec", vault, "cat", "/proc/self/uid_map").strip();
    assertThat(uidMap.split("\\s+"))
        .containsExactly("0", Long.toString((1L << 30) + slot * 65536L), "65536");
  }

  @Test
  void aTemplatePodRunningAsUid1000WritesItsDataDirectoryAndAVolume() {
    assertThat(
            api.post("/v3/pods/volumes", "{\"volume_id\":\"papers\",\"size_limit\":10}", alice)
                .status())
        .isEqualTo(200);
    create(
        alice,
        "{\"pod_id\":\"notebook\",\"pod_template\":\"template/notebook\","
            + "\"volume_mounts\":{\"papers\":{\"type\":\"tapisvolume\",\"mount_path\":\"/papers\"}},"
            + "\"command\":[\"/bin/sh\",\"-c\",\"id; echo a > /home/jovyan/work/notes && echo b"
            + " > /papers/draft && echo written; exec /bin/busybox httpd -f -p 5000 -h /www\"]}");
    awaitAvailable("notebook", alice);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            assertThat(TestEngine.podman("logs", container("notebook")))
                .contains("uid=1000")
                .contains("written"));
    assertThat(api.get("/v3/pods/volumes/papers/list", alice).result().toString())
        .contains("draft");
  }

  Reply create(String token, String body) {
    Reply reply = api.post("/v3/pods", body, token);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    return reply;
  }

  JsonNode pod(String id, String token) {
    return api.get("/v3/pods/" + id, token).result();
  }

  void awaitAvailable(String id, String token) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(pod(id, token).path("status").asString()).isEqualTo("AVAILABLE"));
  }

  String container(String id) {
    return "berth-" + SITE + "-default-" + id;
  }

  /** What bob's pod reads after sending {@code request} to host:port ("" when it cannot). */
  String fromSnoop(String host, int port, String request) {
    String printf = request.replace("\r", "\\r").replace("\n", "\\n");
    try {
      return TestEngine.podman(
          "exec",
          container("snoop"),
          "/bin/sh",
          "-c",
          // stdin stays open a while: the proxy drops a client that half-closes before its answer
          "(printf '"
              + printf
              + "'; sleep 2) | nc -w 3 "
              + host
              + " "
              + port
              + " 2>/dev/null; true");
    } catch (IllegalStateException e) {
      return "";
    }
  }

  String viaProxy(String host, String token) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", PROXY_PORT)) {
      socket.setSoTimeout(10000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nX-Tapis-Token: "
                      + token
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
