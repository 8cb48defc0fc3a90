package io.berth.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
 * Pods that attack the host through their volumes, in real containers: links swapped in a loop
 * while Berth uploads and downloads, a sub_path made a link to Berth's keys, writes past the
 * size_limit, a tree deeper than PATH_MAX, and a pod running as a user other than root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostilePodIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "hostile" + UUID.randomUUID().toString().substring(0, 6);
  static final String HTTPD = "exec /bin/busybox httpd -f -p 5000 -h /www";

  @Autowired JdbcClient jdbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.reconciler.backoff-initial", () -> "200ms");
    registry.add("berth.runtime.stop-timeout", () -> "1s");
    registry.add("berth.proxy.enabled", () -> "false");
    Path templates = Files.createDirectories(home.resolve("templates"));
    Files.writeString(
        templates.resolve("nonroot.yaml"),
        """
        name: nonroot
        description: busybox httpd as uid 1000
        image: localhost/berth-test/busybox-httpd:1
        networking:
          default: {protocol: http, port: 5000}
        run_as_user: 1000
        """);
    registry.add("berth.templates.site-directory", templates::toString);
  }

  @LocalServerPort int port;
  ApiClient api;
  String alice;
  final HttpClient http = HttpClient.newHttpClient();
  Path outside;

  /** A host directory on another filesystem, where the first layout staged uploads if led. */
  Path trap;

  @BeforeAll
  void setUp() throws IOException {
    TestImages.busyboxHttpd();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    outside = Files.createDirectories(home.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "HOST SECRET");
    trap = Files.createTempDirectory(Path.of("/dev/shm"), "berth-trap");
  }

  @AfterAll
  void removeContainers() {
    for (JsonNode pod : api.get("/v3/pods", alice).result()) {
      api.delete("/v3/pods/" + pod.path("pod_id").asString(), alice);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
    try {
      Files.deleteIfExists(trap);
    } catch (IOException e) {
      // /dev/shm is emptied at reboot anyway
    }
  }

  /**
   * The pod swaps two directories, one Berth uploads into and one it serves from, with links to a
   * host directory as fast as it can (and makes the first layout's staging name a link to another
   * host directory): nothing outside is written, even for a moment, or read, and every answer is an
   * envelope, never a 500.
   */
  @Test
  void linksSwappedDuringUploadsAndDownloadsNeverReachTheHost() throws Exception {
    volume("swapvol", 50);
    pod(
        "swapper",
        "swapvol",
        "/data",
        "",
        "cd /data && /bin/busybox mkdir -p r w && echo volume > r/secret.txt"
            + " && /bin/busybox ln -s "
            + trap
            + " .berth-staging; "
            + swapLoop("r")
            + swapLoop("w")
            + HTTPD);
    awaitStatus("swapper", "AVAILABLE");
    FileTime outsideChanged = Files.getLastModifiedTime(outside);
    FileTime trapChanged = Files.getLastModifiedTime(trap);
    Instant end = Instant.now().plusSeconds(6);
    java.util.concurrent.atomic.AtomicInteger uploads =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger served =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CompletableFuture<Void> uploading =
        java.util.concurrent.CompletableFuture.runAsync(() -> {
          while (Instant.now().isBefore(end)) {
            Reply up = call(() -> upload("swapvol", "w/planted-" + uploads.get() + ".txt", "x"));
            assertThat(up.status()).as(up.text()).isIn(200, 400, 404, 409);
            assertThat(up.body().path("status").asString()).isIn("success", "error");
            uploads.incrementAndGet();
          }
        });
    int downloads = 0;
    while (Instant.now().isBefore(end)) {
      HttpResponse<String> down = download("swapvol", "r/secret.txt");
      assertThat(down.statusCode()).as(down.body()).isIn(200, 400, 404, 409);
      assertThat(down.body()).doesNotContain("HOST SECRET");
      if (down.statusCode() == 200) {
        assertThat(down.body()).isEqualTo("volume\n");
        served.incrementAndGet();
      }
      downloads++;
    }
    uploading.get();
    assertThat(served.get()).isPositive();
    assertThat(uploads.get() + downloads).isGreaterThan(5);
    try (var left = Files.list(outside)) {
      assertThat(left).containsExactly(outside.resolve("secret.txt"));
    }
    assertThat(outside.resolve("secret.txt")).hasContent("HOST SECRET");
    // not even for a moment: a file made and moved away would have changed the directories
    assertThat(Files.getLastModifiedTime(outside)).isEqualTo(outsideChanged);
    assertThat(Files.getLastModifiedTime(trap)).isEqualTo(trapChanged);
  }

  interface Call<T> {
    T run() throws Exception;
  }

  static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A background loop swapping directory {@code d} with a link to the host's directory. */
  String swapLoop(String d) {
    String mv = "/bin/busybox mv ";
    return "/bin/busybox ln -s "
        + outside
        + " l"
        + d
        + "; (while :; do "
        + (mv + d + " x" + d + "; ")
        + (mv + "l" + d + " " + d + "; ")
        + (mv + d + " l" + d + "; ")
        + (mv + "x" + d + " " + d + "; ")
        + "done) & ";
  }

  /** A pod makes a directory of its volume a link to Berth's keys; another pod mounts it. */
  @Test
  void aSubPathThePodMadeALinkIsNeverMounted() throws IOException {
    volume("keysvol", 10);
    pod(
        "linker",
        "keysvol",
        "/data",
        "",
        "/bin/busybox ln -s "
            + home.resolve("keys")
            + " /data/keys; /bin/busybox mkdir -p /data/ok && echo shared > /data/ok/hello.txt; "
            + HTTPD);
    awaitStatus("linker", "AVAILABLE");
    pod("thief", "keysvol", "/keys", "keys", HTTPD);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() ->
            assertThat(api.get("/v3/pods/thief", alice).result().toString())
                .contains("ERROR")
                .contains("symbolic link"));
    assertThat(TestEngine.podman("ps", "-q", "--filter", "name=" + container("thief"))).isBlank();
    // a sub_path that is a directory is mounted (pinned while the container starts, then released)
    pod("reader", "keysvol", "/srv", "ok", HTTPD);
    awaitStatus("reader", "AVAILABLE");
    assertThat(TestEngine.podman("exec", container("reader"), "cat", "/srv/hello.txt"))
        .contains("shared");
    try (var pins = Files.list(home.resolve("storage-pins"))) {
      assertThat(pins).isEmpty();
    }
  }

  /** With its own filesystem, a volume stops a pod's writes at its size_limit. */
  @Test
  void aPodCannotWritePastItsVolumesSizeLimit() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "a filesystem per volume needs root");
    volume("quotavol", 5);
    pod(
        "filler",
        "quotavol",
        "/data",
        "",
        "/bin/busybox dd if=/dev/zero of=/data/big bs=1M count=20 2>/www/dd.txt; " + HTTPD);
    awaitStatus("filler", "AVAILABLE");
    assertThat(TestEngine.podman("exec", container("filler"), "cat", "/www/dd.txt"))
        .contains("No space left");
    JsonNode files = api.get("/v3/pods/volumes/quotavol/list", alice).result();
    // the filesystem holds the limit and a little (ext4 rounds), never the 20 MB written
    assertThat(files.get(0).path("size").asLong()).isBetween(3L << 20, (5L << 20) * 21 / 20);
    // the full volume refuses uploads too, in the API's words
    Reply more = upload("quotavol", "more.bin", "x".repeat(1 << 20));
    assertThat(more.status()).as(more.text()).isEqualTo(413);
    assertThat(more.message()).contains("size_limit");
  }

  /** A tree deeper than PATH_MAX made by a pod is listed, and its volume deleted. */
  @Test
  void aDeepTreeMadeByAPodIsListedAndDeleted() {
    volume("deepvol", 50);
    String fifty = "d/".repeat(49) + "d";
    pod(
        "digger",
        "deepvol",
        "/data",
        "",
        "cd /data && /bin/busybox mkdir t && echo deep > t/f && i=0; while [ $i -lt 100 ]; do"
            + " /bin/busybox mkdir -p n/"
            + fifty
            + " && /bin/busybox mv t n/"
            + fifty
            + "/t && /bin/busybox mv n t; i=$((i+1)); done; /bin/busybox mv t tree;"
            + " echo done > /www/made; "
            + HTTPD);
    awaitStatus("digger", "AVAILABLE");
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() ->
            TestEngine.podman("exec", container("digger"), "cat", "/www/made").contains("done"));
    Reply list = api.get("/v3/pods/volumes/deepvol/list", alice);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.result()).hasSize(1);
    assertThat(list.result().get(0).path("path").asString())
        .hasSizeGreaterThan(10_000)
        .endsWith("t/f");
    assertThat(api.delete("/v3/pods/digger", alice).status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "name=" + container("digger")).isBlank());
    Path storage = VolumeApiIT.volumeRoot(home, jdbc, "deepvol").getParent();
    Reply deleted = api.delete("/v3/pods/volumes/deepvol", alice);
    assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
    assertThat(storage).doesNotExist();
  }

  /** A pod running as uid 1000 reads and writes what Berth uploaded into its volume. */
  @Test
  void aNonRootPodUsesWhatWasUploaded() throws Exception {
    volume("uservol", 10);
    pod("user1000", "uservol", "/data", "", null);
    awaitStatus("user1000", "AVAILABLE");
    Path data = VolumeApiIT.volumeRoot(home, jdbc, "uservol");
    if ((Integer) Files.getAttribute(data, "unix:uid") == 0) {
      // what the runtime does for the pod's user where it does not yet: the volume's root is its
      Files.setAttribute(data, "unix:uid", 1000);
      Files.setAttribute(data, "unix:gid", 1000);
    }
    assertThat(upload("uservol", "in/a.txt", "uploaded\n").status()).isEqualTo(200);
    String out =
        TestEngine.podman(
            "exec",
            container("user1000"),
            "/bin/sh",
            "-c",
            "cat /data/in/a.txt && echo more >> /data/in/a.txt && mkdir /data/in/sub"
                + " && echo x > /data/in/sub/y && echo ok");
    assertThat(out).contains("uploaded").contains("ok");
    assertThat(download("uservol", "in/a.txt").body()).isEqualTo("uploaded\nmore\n");
  }

  // --- helpers

  void volume(String id, int limitMb) {
    Reply r =
        api.post(
            "/v3/pods/volumes",
            "{\"volume_id\":\"" + id + "\",\"size_limit\":" + limitMb + "}",
            alice);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  /**
   * A pod of the test image mounting {@code volume}; {@code command} null: the nonroot template.
   */
  void pod(String id, String volume, String mountPath, String subPath, String command) {
    String mounts =
        "\"volume_mounts\":{\""
            + volume
            + "\":{\"type\":\"tapisvolume\",\"mount_path\":\""
            + mountPath
            + "\",\"sub_path\":\""
            + subPath
            + "\"}}";
    String body =
        command == null
            ? "{\"pod_id\":\"" + id + "\",\"pod_template\":\"template/nonroot\"," + mounts + "}"
            : "{\"pod_id\":\""
                + id
                + "\",\"pod_template\":\""
                + TestImages.BUSYBOX_HTTPD
                + "\",\"command\":[\"/bin/sh\",\"-c\","
                + json(command)
                + "],"
                + mounts
                + "}";
    Reply r = api.post("/v3/pods", body, alice);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  void awaitStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() ->
            assertThat(api.get("/v3/pods/" + id, alice).result().path("status").asString())
                .isEqualTo(status));
  }

  String container(String id) {
    return "berth-" + SITE + "-default-" + id;
  }

  Reply upload(String volume, String path, String content) throws Exception {
    String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
    byte[] body =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n"
                + content
                + "\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(api.base() + "/v3/pods/volumes/" + volume + "/upload/" + path))
                .header("X-Tapis-Token", alice)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), ApiClient.parse(response.body()), response.body());
  }

  HttpResponse<String> download(String volume, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(api.base() + "/v3/pods/volumes/" + volume + "/download/" + path))
            .header("X-Tapis-Token", alice)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
