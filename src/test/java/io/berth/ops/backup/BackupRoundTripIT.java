package io.berth.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The "done when": a pod, a volume with a file and a permission; {@code berth backup
 * create} against the running Berth; restore into a new BERTH_HOME (and, on PostgreSQL, a new
 * database); Berth started there shows the same pod, permissions, credentials and file. A damaged
 * copy fails verify, and restore refuses to overwrite what it restored. Restore asks the home, not
 * the port: it refuses the home of a running Berth and restores into a fresh one beside it.
 */
@Tag("db")
class BackupRoundTripIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void createVerifyRestoreBringsEverythingBack() throws Exception {
    Path root = TestDatabase.newHome();
    Map<String, String> source =
        database("berth_source_" + UUID.randomUUID().toString().substring(0, 8));
    Map<String, String> snapshot;
    Path backup;
    try (BerthProcess first = BerthProcess.start(root.resolve("first"), berthEnv(source))) {
      ApiClient api = first.api();
      String alice = api.token("alice", "secret1");
      // the pod comes from a stored template's tag (over the shipped postgres) with a placeholder
      assertThat(api.post("/v3/pods/templates", "{\"template_id\":\"kepttpl\"}", alice).status())
          .isEqualTo(200);
      Reply tag =
          api.post(
              "/v3/pods/templates/kepttpl/tags",
              "{\"pod_definition\":{\"template\":\"postgres\",\"environment_variables\":"
                  + "{\"EXTRA\":\"${pods:random:16}\"}},\"commit_message\":\"v1\",\"tag\":\"v1\"}",
              alice);
      assertThat(tag.status()).as(tag.text()).isEqualTo(200);
      Reply kept =
          api.post(
              "/v3/pods",
              "{\"pod_id\":\"keptpod\",\"template\":\"kepttpl:v1\",\"description\":\"kept\"}",
              alice);
      assertThat(kept.status()).as(kept.text()).isEqualTo(200);
      assertThat(kept.result().path("pod_template").asString()).isEqualTo("template/postgres");
      assertThat(
              api.post(
                      "/v3/pods/keptpod/permissions",
                      "{\"user\":\"bob\",\"level\":\"USER\"}",
                      alice)
                  .status())
          .isEqualTo(200);
      assertThat(api.post("/v3/pods/volumes", "{\"volume_id\":\"keptvol\"}", alice).status())
          .isEqualTo(200);
      assertThat(upload(api, "keptvol", "notes/hello.txt", "hello backup", alice)).isEqualTo(200);
      snapshot = observe(api, alice);

      Output created = command(env(root.resolve("first"), first.port(), source), "create");
      assertThat(created.status()).as(created.err()).isZero();
      backup = Path.of(created.out().strip());
      assertThat(backup.resolve(Manifest.FILE)).exists();
      assertNoDevUserPasswordIn(backup);
      assertPrivate(backup);

      Output verified =
          command(
              env(root.resolve("first"), first.port(), source),
              "verify",
              backup.getFileName().toString());
      assertThat(verified.status()).as(verified.err()).isZero();
      assertThat(verified.out())
          .contains("verified")
          .contains("pods=1")
          .contains("1 credentials decrypted");

      // restore asks the home it restores into, not the port: refused into the running site's
      // home, done into a fresh one even though this Berth answers on BERTH_PORT
      Output intoRunning =
          command(env(root.resolve("first"), first.port(), source), "restore", backup.toString());
      assertThat(intoRunning.status()).isEqualTo(1);
      assertThat(intoRunning.err())
          .contains("a Berth process is using " + root.resolve("first").toAbsolutePath());
      Output intoFresh =
          command(
              env(
                  root.resolve("fresh"),
                  first.port(),
                  database("berth_fresh_" + UUID.randomUUID().toString().substring(0, 8))),
              "restore",
              backup.toString());
      assertThat(intoFresh.status()).as(intoFresh.err()).isZero();
    }

    // a damaged copy: one byte of the dump changed
    Path damaged = root.resolve("damaged");
    copyTree(backup, damaged);
    Path dump =
        Files.list(damaged)
            .filter(f -> f.getFileName().toString().startsWith("database."))
            .findFirst()
            .orElseThrow();
    byte[] bytes = Files.readAllBytes(dump);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(dump, bytes);
    Output refused = command(env(root.resolve("first"), 1, source), "verify", damaged.toString());
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err())
        .contains("DAMAGED")
        .contains(dump.getFileName() + ": SHA-256 differs");

    Map<String, String> target =
        database("berth_restore_" + UUID.randomUUID().toString().substring(0, 8));
    Path second = root.resolve("second");
    Output restored = command(env(second, 1, target), "restore", backup.toString());
    assertThat(restored.status()).as(restored.err()).isZero();
    assertThat(mode(second)).isEqualTo("rwx------");
    assertThat(mode(second.resolve("keys").resolve("data.key"))).isEqualTo("rw-------");

    try (BerthProcess again = BerthProcess.start(second, berthEnv(target))) {
      ApiClient api = again.api();
      assertThat(observe(api, api.token("alice", "secret1"))).isEqualTo(snapshot);
    }

    Output overwrite = command(env(second, 1, target), "restore", backup.toString());
    assertThat(overwrite.status()).isEqualTo(1);
    assertThat(overwrite.err()).contains("refuses to overwrite");
  }

  /**
   * Issue 14, item 14: the running Berth had BERTH_DEV_USERS=alice:secret1,bob:secret2; no file of
   * its backup (the dump uncompressed) holds either password.
   */
  private static void assertNoDevUserPasswordIn(Path backup) throws Exception {
    List<Path> files;
    try (var paths = Files.walk(backup)) {
      files = paths.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      if (file.getFileName().toString().endsWith(".gz")) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(text).as(backup.relativize(file).toString()).doesNotContain("secret1", "secret2");
    }
    assertThat(Files.readString(backup.resolve("config").resolve("environment")))
        .contains("BERTH_DEV_USERS=alice:(omitted),bob:(omitted)");
  }

  /** Berth's files in a backup are 0600 and its directories 0700, wherever it is copied. */
  private static void assertPrivate(Path backup) throws Exception {
    try (var paths = Files.walk(backup)) {
      for (Path p : paths.filter(p -> !p.startsWith(backup.resolve("storage"))).toList()) {
        assertThat(mode(p))
            .as(backup.relativize(p).toString())
            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
  }

  private static String mode(Path p) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  /** What must come back: the pod, its permissions and credentials, the volume and its file. */
  private Map<String, String> observe(ApiClient api, String token) throws Exception {
    Map<String, String> seen = new HashMap<>();
    JsonNode pod = api.get("/v3/pods/keptpod", token).result();
    for (String field :
        List.of(
            "pod_id",
            "pod_template",
            "template",
            "template_tag",
            "image",
            "description",
            "status_requested",
            "creation_ts")) {
      seen.put("pod." + field, pod.path(field).toString());
    }
    seen.put(
        "template.tags", api.get("/v3/pods/templates/kepttpl/tags", token).result().toString());
    seen.put(
        "pod.derived",
        api.get("/v3/pods/keptpod/derived", token).body().path("metadata").toString());
    seen.put("permissions", api.get("/v3/pods/keptpod/permissions", token).result().toString());
    Reply credentials = api.get("/v3/pods/keptpod/credentials", token);
    assertThat(credentials.status()).as(credentials.text()).isEqualTo(200);
    seen.put("credentials", credentials.result().toString());
    JsonNode volume = api.get("/v3/pods/volumes/keptvol", token).result();
    seen.put(
        "volume",
        volume.path("volume_id")
            + " "
            + volume.path("size_limit")
            + " "
            + volume.path("creation_ts"));
    seen.put(
        "volume.permissions",
        api.get("/v3/pods/volumes/keptvol/permissions", token).result().toString());
    seen.put(
        "file",
        http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            api.base() + "/v3/pods/volumes/keptvol/download/notes/hello.txt"))
                    .header("X-Tapis-Token", token)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
    assertThat(seen.get("file")).isEqualTo("hello backup");
    return seen;
  }

  private int upload(ApiClient api, String volume, String path, String content, String token)
      throws Exception {
    String boundary = "berth" + UUID.randomUUID().toString().replace("-", "");
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + content
            + "\r\n--"
            + boundary
            + "--\r\n";
    return http.send(
            HttpRequest.newBuilder(
                    URI.create(api.base() + "/v3/pods/volumes/" + volume + "/upload/" + path))
                .header("X-Tapis-Token", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  record Output(int status, String out, String err) {}

  private static Output command(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new BackupCommand(
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .execute(List.of(args));
    return new Output(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, String> env(Path home, int port, Map<String, String> database) {
    Map<String, String> env = new HashMap<>(database);
    env.put("BERTH_HOME", home.toString());
    env.put("BERTH_PORT", Integer.toString(port));
    return env;
  }

  private static Map<String, String> berthEnv(Map<String, String> database) {
    Map<String, String> env = new HashMap<>(database);
    env.put("BERTH_DEV_USERS", "alice:secret1,bob:secret2");
    env.put("BERTH_RECONCILER_ENABLED", "false");
    env.put("BERTH_PROXY_ENABLED", "false");
    env.put("BERTH_JOBS_ENABLED", "false");
    return env;
  }

  /** H2 in BERTH_HOME, or on PostgreSQL a new database beside the test database. */
  private static Map<String, String> database(String name) throws Exception {
    if (!TestDatabase.postgres()) {
      return Map.of();
    }
    return TestDatabase.Postgres.started().newDatabase(name).environment();
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
