package io.berth.ops.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Berth on a full disk, for real: BERTH_HOME is a 64 MiB tmpfs. A first start under a flood of
 * debug logging keeps BERTH_HOME/logs under its cap; filled to the last byte, Berth still starts
 * and says why, answers an upload and database writes 507 in the envelope (not 400 or 500), and
 * works again, without a restart, once space is freed. Needs root (mount); skipped otherwise.
 */
class FullDiskIT {
  static final long LOG_FILE = 64 * 1024;
  static final long LOG_CAP = 256 * 1024;

  @Test
  void startsOnAFullDiskSaysWhyAnswers507AndRecovers() throws Exception {
    Path home = Files.createDirectories(TestDatabase.newHome().resolve("tmpfs"));
    assumeThat(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", home.toString()))
        .as("mounting a tmpfs needs root")
        .isZero();
    try {
      Map<String, String> env = new HashMap<>();
      env.put("BERTH_DEV_USERS", "alice:secret1");
      env.put("BERTH_ENGINE_HOST", TestEngine.host());
      env.put("BERTH_RECONCILER_ENABLED", "false");
      env.put("BERTH_PROXY_ENABLED", "false");
      env.put("BERTH_JOBS_ENABLED", "false");
      env.put("BERTH_IMAGE_ALLOWLIST", "localhost/berth-test/*");
      // the home's disk is what fills here; a volume's own filesystem (a sparse image on that disk)
      // would turn read-only when its image cannot grow, which is a separate, known limit
      env.put("BERTH_VOLUMES_FILESYSTEMS", "false");
      env.put("BERTH_LOG_FILE_SIZE", "64KB");
      env.put("BERTH_LOG_TOTAL_SIZE", "256KB");

      Map<String, String> flood = new HashMap<>(env);
      flood.put("LOGGING_LEVEL_ORG_SPRINGFRAMEWORK", "DEBUG"); // megabytes at start
      try (BerthProcess berth = BerthProcess.start(home, flood)) {
        ApiClient api = berth.api();
        String alice = api.token("alice", "secret1");
        assertThat(api.post("/v3/pods/volumes", "{\"volume_id\":\"vol1\"}", alice).status())
            .isEqualTo(200);
        assertThat(upload(berth, alice, "before.txt", 1000).statusCode()).isEqualTo(200);
        // the flood rolled over and old files went: the cap holds
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(size(home.resolve("logs"))).isLessThan(LOG_CAP + 2 * LOG_FILE));
        try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
          assertThat(logs.filter(f -> f.toString().endsWith(".gz"))).isNotEmpty();
        }
      }

      Path filler = home.resolve("filler");
      fill(filler);
      assertThat(home.toFile().getUsableSpace()).isLessThan(64 * 1024);

      try (BerthProcess berth = BerthProcess.start(home, env)) {
        assertThat(berth.output())
            .contains("The disk holding BERTH_HOME (" + home.toAbsolutePath() + ") is full");
        ApiClient api = berth.api();
        String alice = api.token("alice", "secret1");
        HttpResponse<String> refused = upload(berth, alice, "big.bin", 256 * 1024);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        JsonNode envelope = ApiClient.parse(refused.body());
        assertThat(envelope.path("status").asString()).isEqualTo("error");
        assertThat(envelope.path("message").asString()).contains("the disk").contains("full");
        // a snapshot is a plain directory on the same disk: its copy cannot land either
        ApiClient.Reply snapshot =
            api.post(
                "/v3/pods/snapshots",
                "{\"snapshot_id\":\"snap1\",\"source_volume_id\":\"vol1\"}",
                alice);
        assertThat(snapshot.status()).as(snapshot.text()).isEqualTo(507);
        // writes to the embedded database fill its last free pages, then fail: 507 too, and H2
        // closes the database (every later statement: "The database has been closed")
        int status = 200;
        for (int i = 0; i < 300 && status == 200; i++) {
          status =
              api.post(
                      "/v3/pods/volumes",
                      "{\"volume_id\":\"fill"
                          + i
                          + "\",\"description\":\""
                          + "d".repeat(250)
                          + "\"}",
                      alice)
                  .status();
        }
        assertThat(status).isEqualTo(507);
        ApiClient.Reply pod =
            api.post(
                "/v3/pods",
                "{\"pod_id\":\"full1\",\"pod_template\":\"localhost/berth-test/busybox-httpd:1\"}",
                alice);
        assertThat(pod.status()).as(pod.text()).isEqualTo(507);

        Files.delete(filler);
        // the pool drops the closed database's connections and opens it again: no restart
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> assertThat(api.get("/v3/pods/volumes/vol1", alice).status()).isEqualTo(200));
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() ->
                assertThat(upload(berth, alice, "after.bin", 256 * 1024).statusCode())
                    .isEqualTo(200));
        assertThat(api.get("/v3/pods/volumes/vol1/list", alice).text())
            .contains("before.txt")
            .contains("after.bin")
            .doesNotContain("big.bin");
      }
    } finally {
      run("umount", "-l", home.toString());
    }
  }

  /**
   * With volumes on filesystems of their own (sparse ext4 images on the home's disk), Berth does
   * not overcommit that disk: a volume whose size_limit the disk cannot hold is refused with 507,
   * and on a disk filled by something else an upload is refused with 507 before ext4 inside the
   * image is handed bytes its image cannot take (which would lose them and turn the volume
   * read-only).
   */
  @Test
  void volumeImagesNeverOvercommitTheHomesDisk() throws Exception {
    Path home = Files.createDirectories(TestDatabase.newHome().resolve("tmpfs"));
    assumeThat(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", home.toString()))
        .as("mounting a tmpfs needs root")
        .isZero();
    try {
      Map<String, String> env = new HashMap<>();
      env.put("BERTH_DEV_USERS", "alice:secret1");
      env.put("BERTH_ENGINE_HOST", TestEngine.host());
      env.put("BERTH_RECONCILER_ENABLED", "false");
      env.put("BERTH_PROXY_ENABLED", "false");
      env.put("BERTH_JOBS_ENABLED", "false");
      try (BerthProcess berth = BerthProcess.start(home, env)) {
        assumeThat(berth.output()).contains("enforced by a filesystem per volume");
        ApiClient api = berth.api();
        String alice = api.token("alice", "secret1");
        assertThat(
                api.post("/v3/pods/volumes", "{\"volume_id\":\"vol1\",\"size_limit\":8}", alice)
                    .status())
            .isEqualTo(200);
        ApiClient.Reply tooBig =
            api.post("/v3/pods/volumes", "{\"volume_id\":\"vol2\",\"size_limit\":100}", alice);
        assertThat(tooBig.status()).as(tooBig.text()).isEqualTo(507);
        assertThat(tooBig.text()).contains("size_limit").contains("cannot hold");
        assertThat(api.get("/v3/pods/volumes/vol2", alice).status()).isEqualTo(404);
        assertThat(upload(berth, alice, "before.txt", 1000).statusCode()).isEqualTo(200);

        Path filler = home.resolve("filler");
        fill(filler);
        HttpResponse<String> refused = upload(berth, alice, "big.bin", 256 * 1024);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        assertThat(refused.body()).contains("the disk").contains("full");

        Files.delete(filler);
        // the volume's filesystem took no harm: still writable, its files all there
        HttpResponse<String> after = upload(berth, alice, "after.bin", 256 * 1024);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(api.get("/v3/pods/volumes/vol1/list", alice).text())
            .contains("before.txt")
            .contains("after.bin")
            .doesNotContain("big.bin");
      }
    } finally {
      io.berth.testing.TestMounts.unmountUnder(home);
    }
  }

  private static HttpResponse<String> upload(
      BerthProcess berth, String token, String path, int bytes) throws Exception {
    String boundary = "berth" + UUID.randomUUID().toString().replace("-", "");
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + bytes + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    java.util.Arrays.fill(body, head.length, head.length + bytes, (byte) 'b');
    System.arraycopy(tail, 0, body, head.length + bytes, tail.length);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(berth.api().base() + "/v3/pods/volumes/vol1/upload/" + path))
                .header("X-Tapis-Token", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Writes zeros until the disk refuses another byte. */
  private static void fill(Path file) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      assertThat(full).hasMessageContaining("No space left on device");
    }
    try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException full) {
      // the last pages are taken too
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }
}
