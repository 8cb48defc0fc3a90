package io.berth.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.ops.jobs.JobResult;
import io.berth.ops.jobs.JobScheduler;
import io.berth.runtime.StorageNames;
import io.berth.runtime.storage.ExistingStorage;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ApiOnlyIT;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Volumes and snapshots through real HTTP: files in and out, limits, confinement, permissions. */
class VolumeApiIT extends ApiOnlyIT {

  ApiClient api;
  String alice;
  String bob;
  final HttpClient http = HttpClient.newHttpClient();
  @Autowired VolumeStorage storage;
  @Autowired JobScheduler jobs;
  @Autowired MeterRegistry meters;

  @BeforeAll
  void setUp() {
    jdbc.sql("delete from pods").update();
    jdbc.sql("delete from volumes").update();
    jdbc.sql("delete from snapshots").update();
    jdbc.sql("delete from permissions").update();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
  }

  /** Where a volume's files are: its storage id is recorded in its row. */
  Path storageDir(String volumeId) {
    return home.resolve("storage")
        .resolve(
            jdbc.sql("select storage_id from volumes where volume_id = ?")
                .param(volumeId)
                .query(String.class)
                .single());
  }

  Reply createVolume(String id, int limitMb) {
    return api.post(
        "/v3/pods/volumes",
        "{\"volume_id\":\"" + id + "\",\"description\":\"data\",\"size_limit\":" + limitMb + "}",
        alice);
  }

  @Test
  void uploadListDownloadRoundTrip() throws Exception {
    Reply created = createVolume("filesvol", 10);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.result().path("size_limit").asInt()).isEqualTo(10);

    Reply uploaded = upload("filesvol", "docs/readme.txt", "hello volume".getBytes(), alice);
    assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(200);

    Reply list = api.get("/v3/pods/volumes/filesvol/list", alice);
    assertThat(list.status()).isEqualTo(200);
    JsonNode file = list.result().get(0);
    assertThat(file.path("path").asString()).isEqualTo("docs/readme.txt");
    assertThat(file.path("size").asLong()).isEqualTo(12);
    assertThat(file.path("name").asString()).isEqualTo("readme.txt");
    assertThat(file.path("type").asString()).isEqualTo("file");
    assertThat(file.path("lastModified").asString()).endsWith("Z");
    assertThat(file.path("nativePermissions").asString()).matches("[r-][w-][xsS-].{6}");

    HttpResponse<String> download = download("volumes/filesvol", "docs/readme.txt", alice);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo("hello volume");
    assertThat(api.get("/v3/pods/volumes/filesvol", alice).result().path("size").asDouble())
        .isGreaterThan(0);
    assertThat(download("volumes/filesvol", "docs/nothing.txt", alice).statusCode()).isEqualTo(404);
  }

  @Test
  void uploadsAreJudgedByTheirBytesNotTheirHeaders() throws Exception {
    createVolume("streamvol", 1);
    String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
    // chunked: no Content-Length to refuse early, so the limit stops the stream itself
    byte[] tooBig = form(boundary, "file", new byte[2 * 1024 * 1024]);
    Reply over = send(chunked("streamvol", "big.bin", boundary, tooBig));
    assertThat(over.status()).as(over.text()).isEqualTo(413);
    assertThat(over.message()).contains("size_limit").contains("streamvol");
    assertThat(api.get("/v3/pods/volumes/streamvol/list", alice).result().size()).isZero();
    // a part that completes within one read, a little over the room
    byte[] justOver = form(boundary, "file", new byte[1024 * 1024 + 200 * 1024]);
    Reply overByLittle = send(chunked("streamvol", "just-over.bin", boundary, justOver));
    assertThat(overByLittle.status()).as(overByLittle.text()).isEqualTo(413);
    assertThat(api.get("/v3/pods/volumes/streamvol/list", alice).result().size()).isZero();
    Path staging = storageDir("streamvol").resolve("staging");
    assertThat(!Files.exists(staging) || Files.list(staging).findAny().isEmpty()).isTrue();

    byte[] fieldsFirst =
        form(boundary, "comment", "ignored".getBytes(), "file", "--\r\n--x\r\n".getBytes());
    Reply ok = send(chunked("streamvol", "after-fields.txt", boundary, fieldsFirst));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.result().asString()).isEqualTo("after-fields.txt");
    assertThat(download("volumes/streamvol", "after-fields.txt", alice).body())
        .isEqualTo("--\r\n--x\r\n");

    Reply noFile =
        send(chunked("streamvol", "x.txt", boundary, form(boundary, "other", "x".getBytes())));
    assertThat(noFile.status()).as(noFile.text()).isEqualTo(400);
    assertThat(noFile.message()).contains("Field file is required");
    byte[] whole = form(boundary, "file", "unfinished".getBytes());
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - boundary.length() - 10);
    Reply truncated = send(chunked("streamvol", "cut.txt", boundary, cut));
    assertThat(truncated.status()).as(truncated.text()).isEqualTo(400);
    assertThat(truncated.message()).contains("ended before the part named file was complete");
    for (String type :
        List.of(
            "multipart/form-data", "multipart/form-data; boundary=", "multipart/", "text/plain")) {
      Reply refused =
          send(
              HttpRequest.newBuilder(
                      URI.create(api.base() + "/v3/pods/volumes/streamvol/upload/t.txt"))
                  .header("X-Tapis-Token", alice)
                  .header("Content-Type", type)
                  .POST(HttpRequest.BodyPublishers.ofString("garbage"))
                  .build());
      assertThat(refused.status()).as(type + " " + refused.text()).isEqualTo(400);
    }
    assertThat(api.get("/v3/pods/volumes/streamvol/list", alice).result().size()).isEqualTo(1);
  }

  /** A multipart/form-data body of (name, content) pairs, each sent as a file part. */
  static byte[] form(String boundary, Object... namesAndContents) throws IOException {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + namesAndContents[i]
                  + "\"; filename=\"f\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      body.write((byte[]) namesAndContents[i + 1]);
      body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  HttpRequest chunked(String volume, String path, String boundary, byte[] body) {
    return HttpRequest.newBuilder(
            URI.create(api.base() + "/v3/pods/volumes/" + volume + "/upload/" + path))
        .header("X-Tapis-Token", alice)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(
            HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
        .build();
  }

  Reply send(HttpRequest request) throws Exception {
    return api.send(request); // checked against the Tapis contract like every API call
  }

  @Test
  void largeFileStreamsBothWaysWithFlatMemory() throws Exception {
    createVolume("bigvol", 1024);
    long size = 300L * 1024 * 1024;
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    HttpRequest request =
        multipart("bigvol", "big.bin", () -> new PatternStream(size, sent), size, alice);
    HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    HttpResponse<InputStream> down =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(api.base() + "/v3/pods/volumes/bigvol/download/big.bin"))
                .header("X-Tapis-Token", alice)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    long count = 0;
    try (InputStream in = down.body()) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        received.update(buffer, 0, n);
        count += n;
      }
    }
    assertThat(count).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(received.digest()))
        .isEqualTo(HexFormat.of().formatHex(sent.digest()));
    System.gc();
    long after = rt.totalMemory() - rt.freeMemory();
    // the server runs in this JVM: a body held in memory would show as hundreds of MB here
    assertThat(after - before).isLessThan(128L * 1024 * 1024);
  }

  @Test
  void overQuotaTraversalAndSymlinkEscapeAreRefusedLeavingNothing() throws Exception {
    createVolume("tightvol", 1);
    Reply over = upload("tightvol", "too-big.bin", new byte[2 * 1024 * 1024], alice);
    assertThat(over.status()).isEqualTo(413);
    assertThat(over.message()).contains("size_limit");
    assertThat(api.get("/v3/pods/volumes/tightvol/list", alice).result().size()).isZero();

    for (String bad : List.of("../escape.txt", "a/../../escape.txt", "%2Fetc%2Fpasswd", "./x")) {
      Reply refused = upload("tightvol", bad, "x".getBytes(), alice);
      assertThat(refused.status()).as(bad + " " + refused.text()).isIn(400, 404);
    }
    // a symlink a pod could have made inside the volume, leading outside
    Path volumeDir = volumeRoot("tightvol");
    Path outside = Files.createDirectories(home.resolve("outside"));
    Files.createSymbolicLink(volumeDir.resolve("link"), outside);
    Reply escape = upload("tightvol", "link/escaped.txt", "x".getBytes(), alice);
    assertThat(escape.status()).isEqualTo(400);
    assertThat(escape.message()).contains("link").contains("outside");
    assertThat(Files.list(outside)).isEmpty();
    assertThat(download("volumes/tightvol", "link/../../keys", alice).statusCode()).isIn(400, 404);
    Path staging = volumeDir.resolveSibling("staging");
    assertThat(!Files.exists(staging) || Files.list(staging).findAny().isEmpty()).isTrue();
  }

  /** Eight parallel 4 MB uploads into a 10 MB volume: two fit, the others are refused. */
  @Test
  void parallelUploadsShareOneBudget() throws Exception {
    createVolume("roomvol", 10);
    byte[] four = new byte[4 * 1024 * 1024];
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      replies.add(
          http.sendAsync(
              multipart(
                  "roomvol",
                  "part" + i + ".bin",
                  () -> new java.io.ByteArrayInputStream(four),
                  four.length,
                  alice),
              HttpResponse.BodyHandlers.ofString()));
    }
    int stored = 0;
    for (var reply : replies) {
      HttpResponse<String> r = reply.get();
      assertThat(r.statusCode()).as(r.body()).isIn(200, 413);
      stored += r.statusCode() == 200 ? 1 : 0;
    }
    assertThat(stored).isBetween(1, 2);
    long total = 0;
    for (JsonNode f : api.get("/v3/pods/volumes/roomvol/list", alice).result()) {
      total += f.path("size").asLong();
    }
    assertThat(total).isEqualTo(stored * 4L * 1024 * 1024).isLessThanOrEqualTo(10L << 20);
  }

  @Test
  void storageThatACrashLeftWithoutAVolumeIsSweptOnceSettled() throws Exception {
    // a create killed after its storage was made (a whole filesystem) and one killed in mkfs
    String whole = StorageNames.newVolume("orphans");
    String halfMade = StorageNames.newVolume("orphans");
    String inFlight = StorageNames.newVolume("orphans");
    // and a snapshot copy cut short: a plain directory, its row gone
    String copy = StorageNames.newSnapshot("orphans");
    storage.create(whole, 1);
    storage.create(inFlight, 1);
    storage.create(copy);
    Path images = home.resolve("filesystems");
    Files.createDirectories(images);
    Files.write(images.resolve(halfMade + ".ext4.new"), new byte[4096]);
    FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
    for (String old : List.of(whole, copy)) {
      try (var pieces = Files.walk(home.resolve("storage").resolve(old))) {
        for (Path piece : pieces.toList()) {
          Files.setLastModifiedTime(piece, dayAgo);
        }
      }
    }
    try (var files = Files.list(images)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(whole) || name.startsWith(halfMade)) {
          Files.setLastModifiedTime(file, dayAgo);
        }
      }
    }
    // the kernel writes the times just set into the mounted image within seconds (its mtime then
    // said "changed now" and the sweep left it: the failure once taken for PostgreSQL's): now
    new ProcessBuilder("sync", "-f", home.resolve("storage").resolve(whole).toString())
        .inheritIO()
        .start()
        .waitFor();
    double volumesBefore = removed("volume");
    double snapshotsBefore = removed("snapshot");

    // the hourly run (at :43) holds the job's lock for up to a minute: wait for it, then run
    JobResult<Void> run =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> jobs.runNow("orphan-storage"), r -> !(r instanceof JobResult.NotRun));
    assertThat(run).isInstanceOf(JobResult.Succeeded.class);

    assertThat(storage.existing("vol-orphans-"))
        .extracting(ExistingStorage::storageId)
        .containsExactly(inFlight);
    assertThat(home.resolve("storage").resolve(whole)).doesNotExist();
    try (var files = Files.list(images)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(n -> n.startsWith(whole) || n.startsWith(halfMade));
    }
    assertThat(storage.existing("snap-orphans-")).isEmpty();
    assertThat(removed("volume") - volumesBefore).isEqualTo(2);
    assertThat(removed("snapshot") - snapshotsBefore).isEqualTo(1);
    storage.delete(inFlight);
  }

  double removed(String kind) {
    return meters.get("berth.volumes.orphan.storage.removed").tag("kind", kind).counter().count();
  }

  @Test
  void theLimitNeverGoesBelowWhatIsStoredAndSizesTheVolumesFilesystem() throws Exception {
    createVolume("shrinkvol", 20);
    assertThat(upload("shrinkvol", "three.bin", new byte[3 * 1024 * 1024], alice).status())
        .isEqualTo(200);
    Reply below = api.put("/v3/pods/volumes/shrinkvol", "{\"size_limit\":2}", alice);
    assertThat(below.status()).as(below.text()).isEqualTo(409);
    assertThat(below.message()).contains("size_limit").contains("3.0");
    assertThat(api.get("/v3/pods/volumes/shrinkvol", alice).result().path("size_limit").asInt())
        .isEqualTo(20);
    Path top = storageDir("shrinkvol");
    boolean ownFilesystem = !Files.getFileStore(top).equals(Files.getFileStore(home));
    Reply lowered = api.put("/v3/pods/volumes/shrinkvol", "{\"size_limit\":5}", alice);
    assertThat(lowered.status()).as(lowered.text()).isEqualTo(200);
    if (ownFilesystem) {
      assertThat(Files.getFileStore(top).getTotalSpace()).isBetween(5L << 20, 9L << 20);
    }
    Reply raised = api.put("/v3/pods/volumes/shrinkvol", "{\"size_limit\":40}", alice);
    assertThat(raised.status()).as(raised.text()).isEqualTo(200);
    if (ownFilesystem) {
      assertThat(Files.getFileStore(top).getTotalSpace()).isBetween(40L << 20, 44L << 20);
    }
    HttpResponse<String> kept = download("volumes/shrinkvol", "three.bin", alice);
    assertThat(kept.body()).hasSize(3 * 1024 * 1024);
  }

  @Test
  void uploadsAtOddsWithTheTreeAreRefusedByNameAndChangeNothing() throws Exception {
    createVolume("oddvol", 10);
    assertThat(upload("oddvol", "a", "file".getBytes(), alice).status()).isEqualTo(200);
    assertThat(upload("oddvol", "dir/x", "x".getBytes(), alice).status()).isEqualTo(200);
    Reply under = upload("oddvol", "a/b", "x".getBytes(), alice);
    assertThat(under.status()).as(under.text()).isEqualTo(409);
    assertThat(under.message()).contains("a is a file");
    Reply onto = upload("oddvol", "dir", "x".getBytes(), alice);
    assertThat(onto.status()).as(onto.text()).isEqualTo(409);
    assertThat(onto.message()).contains("dir is a directory");
    Reply longName = upload("oddvol", "n".repeat(300), "x".getBytes(), alice);
    assertThat(longName.status()).as(longName.text()).isEqualTo(400);
    assertThat(longName.message()).contains("255 bytes");
    Reply longPath = upload("oddvol", "d/".repeat(3000) + "f", "x".getBytes(), alice);
    assertThat(longPath.status()).as(longPath.text()).isEqualTo(400);
    assertThat(longPath.message()).contains("4095 bytes");
    for (Reply r : List.of(under, onto, longName, longPath)) {
      assertThat(r.body().path("status").asString()).isEqualTo("error");
    }
    List<String> paths = new ArrayList<>();
    api.get("/v3/pods/volumes/oddvol/list", alice)
        .result()
        .forEach(f -> paths.add(f.path("path").asString()));
    assertThat(paths).containsExactly("a", "dir/x");
    assertThat(download("volumes/oddvol", "a", alice).body()).isEqualTo("file");
  }

  /** What Berth writes follows the volume's root: a pod running as its owner can use it. */
  @Test
  void uploadsTakeTheOwnerAndGroupOfTheVolumesRoot() throws Exception {
    createVolume("ownedvol", 10);
    Path data = volumeRoot("ownedvol");
    Files.setAttribute(data, "unix:uid", 1000);
    Files.setAttribute(data, "unix:gid", 1001);
    assertThat(upload("ownedvol", "notes/today.txt", "hi".getBytes(), alice).status())
        .isEqualTo(200);
    Path dir = data.resolve("notes");
    Path file = dir.resolve("today.txt");
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(1001);
    assertThat((Integer) Files.getAttribute(file, "unix:mode") & 07777).isEqualTo(0664);
    assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(1000);
    assertThat((Integer) Files.getAttribute(dir, "unix:mode") & 07777).isEqualTo(02775);
  }

  /**
   * Issue 19: the file browser's extensions on the volume's own filesystem: one folder listed with
   * its folders, a folder made, a file renamed and moved, a folder removed; USER needed to change.
   */
  @Test
  void foldersAreListedMadeRenamedAndRemovedWithUserLevel() throws Exception {
    createVolume("browsevol", 10);
    assertThat(upload("browsevol", "runs/one.txt", "1".getBytes(), alice).status()).isEqualTo(200);
    Reply made = api.post("/v3/pods/volumes/browsevol/mkdir/new%20folder", "", alice);
    assertThat(made.status()).as(made.text()).isEqualTo(200);
    Reply again = api.post("/v3/pods/volumes/browsevol/mkdir/new%20folder", "", alice);
    assertThat(again.status()).as(again.text()).isEqualTo(409);
    assertThat(again.message()).contains("new folder already exists");

    Reply root = api.get("/v3/pods/volumes/browsevol/list?path=", alice);
    assertThat(root.status()).as(root.text()).isEqualTo(200);
    List<String> listed = new ArrayList<>();
    root.result()
        .forEach(f -> listed.add(f.path("type").asString() + " " + f.path("path").asString()));
    assertThat(listed).containsExactly("dir new folder", "dir runs");
    Reply runs = api.get("/v3/pods/volumes/browsevol/list?path=runs", alice);
    assertThat(runs.result().get(0).path("name").asString()).isEqualTo("one.txt");
    assertThat(api.get("/v3/pods/volumes/browsevol/list?path=nope", alice).status()).isEqualTo(404);
    assertThat(api.get("/v3/pods/volumes/browsevol/list?path=../x", alice).status()).isEqualTo(400);

    Reply moved =
        api.post(
            "/v3/pods/volumes/browsevol/move/runs/one.txt",
            "{\"destination_path\":\"new folder/renamed.txt\"}",
            alice);
    assertThat(moved.status()).as(moved.text()).isEqualTo(200);
    assertThat(download("volumes/browsevol", "new%20folder/renamed.txt", alice).body())
        .isEqualTo("1");
    Reply onto =
        api.post(
            "/v3/pods/volumes/browsevol/move/runs",
            "{\"destination_path\":\"new folder/renamed.txt\"}",
            alice);
    assertThat(onto.status()).as(onto.text()).isEqualTo(409);
    Reply noDestination = api.post("/v3/pods/volumes/browsevol/move/runs", "{}", alice);
    assertThat(noDestination.status()).isEqualTo(400);
    assertThat(noDestination.message()).contains("destination_path");
    Reply outside =
        api.post("/v3/pods/volumes/browsevol/move/runs", "{\"destination_path\":\"../up\"}", alice);
    assertThat(outside.status()).isEqualTo(400);
    assertThat(outside.message()).contains("destination_path").contains("'..'");

    api.post(
        "/v3/pods/volumes/browsevol/permissions", "{\"user\":\"bob\",\"level\":\"READ\"}", alice);
    assertThat(api.get("/v3/pods/volumes/browsevol/list?path=runs", bob).status()).isEqualTo(200);
    assertThat(api.delete("/v3/pods/volumes/browsevol/contents/runs", bob).status()).isEqualTo(403);
    assertThat(api.post("/v3/pods/volumes/browsevol/mkdir/b", "", bob).status()).isEqualTo(403);

    Reply removed = api.delete("/v3/pods/volumes/browsevol/contents/new%20folder", alice);
    assertThat(removed.status()).as(removed.text()).isEqualTo(200);
    assertThat(api.delete("/v3/pods/volumes/browsevol/contents/new%20folder", alice).status())
        .isEqualTo(404);
    List<String> left = new ArrayList<>();
    api.get("/v3/pods/volumes/browsevol/list?path=", alice)
        .result()
        .forEach(f -> left.add(f.path("path").asString()));
    assertThat(left).containsExactly("runs");
    assertThat(api.get("/v3/pods/volumes/browsevol", alice).result().path("size").asDouble())
        .isZero();
  }

  @Test
  void permissionsBetweenUsers() throws Exception {
    createVolume("sharedvol", 10);
    upload("sharedvol", "a.txt", "a".getBytes(), alice);
    assertThat(api.get("/v3/pods/volumes/sharedvol", bob).status()).isEqualTo(404);
    assertThat(download("volumes/sharedvol", "a.txt", bob).statusCode()).isEqualTo(404);
    api.post(
        "/v3/pods/volumes/sharedvol/permissions", "{\"user\":\"bob\",\"level\":\"READ\"}", alice);
    assertThat(download("volumes/sharedvol", "a.txt", bob).statusCode()).isEqualTo(200);
    assertThat(upload("sharedvol", "b.txt", "b".getBytes(), bob).status()).isEqualTo(403);
    assertThat(api.delete("/v3/pods/volumes/sharedvol", bob).status()).isEqualTo(403);
    api.post(
        "/v3/pods/volumes/sharedvol/permissions", "{\"user\":\"bob\",\"level\":\"USER\"}", alice);
    assertThat(upload("sharedvol", "b.txt", "b".getBytes(), bob).status()).isEqualTo(200);
    assertThat(api.delete("/v3/pods/volumes/sharedvol/permissions/alice", alice).status())
        .isEqualTo(409);
    List<String> ids = new ArrayList<>();
    api.get("/v3/pods/volumes", bob).result().forEach(v -> ids.add(v.path("volume_id").asString()));
    assertThat(ids).contains("sharedvol").doesNotContain("filesvol");
  }

  /** Issue 17: contents/{path} streams a file as it is and a directory as a zip archive. */
  @Test
  void contentsStreamAFileOrADirectoryAsAZip() throws Exception {
    createVolume("contentvol", 10);
    upload("contentvol", "docs/a.txt", "alpha".getBytes(), alice);
    upload("contentvol", "docs/sub/b.txt", "beta".getBytes(), alice);
    HttpResponse<byte[]> file = contents("volumes/contentvol", "docs/a.txt", alice);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(new String(file.body())).isEqualTo("alpha");

    // a link a pod made inside the directory is not followed into the archive
    Path link =
        Files.createSymbolicLink(
            volumeRoot("contentvol").resolve("docs/passwd"), Path.of("/etc/passwd"));
    HttpResponse<byte[]> dir = contents("volumes/contentvol", "docs?zip=true", alice);
    assertThat(dir.statusCode()).isEqualTo(200);
    assertThat(dir.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
    assertThat(unzip(dir.body()))
        .containsExactly(
            java.util.Map.entry("docs/a.txt", "alpha"),
            java.util.Map.entry("docs/sub/b.txt", "beta"));
    assertThat(unzip(contents("volumes/contentvol", "docs/sub/b.txt?zip=true", alice).body()))
        .containsExactly(java.util.Map.entry("b.txt", "beta"));
    HttpResponse<byte[]> unzipped = contents("volumes/contentvol", "docs", alice);
    assertThat(unzipped.statusCode()).isEqualTo(400);
    assertThat(new String(unzipped.body())).contains("Parameter zip: docs is a directory");
    Files.delete(link);

    assertThat(contents("volumes/contentvol", "", alice).statusCode()).isIn(400, 404);
    assertThat(contents("volumes/contentvol", "docs/../../x", alice).statusCode()).isEqualTo(400);
    assertThat(contents("volumes/contentvol", "nothing", alice).statusCode()).isEqualTo(404);
    assertThat(contents("volumes/contentvol", "docs/a.txt", bob).statusCode()).isEqualTo(404);

    Reply snap =
        api.post(
            "/v3/pods/snapshots",
            "{\"snapshot_id\":\"contentsnap\",\"source_volume_id\":\"contentvol\","
                + "\"source_volume_path\":\"docs\"}",
            alice);
    assertThat(snap.status()).as(snap.text()).isEqualTo(200);
    assertThat(snap.result().path("size").isIntegralNumber()).isTrue();
    assertThat(new String(contents("snapshots/contentsnap", "sub/b.txt", alice).body()))
        .isEqualTo("beta");
    assertThat(
            api.get("/v3/pods/volumes/contentvol", alice).result().path("size").isIntegralNumber())
        .isTrue();
    // the rest of the spec's volume and snapshot calls, each held to the contract by ApiClient
    assertThat(api.get("/v3/pods/snapshots", alice).status()).isEqualTo(200);
    assertThat(api.put("/v3/pods/volumes/contentvol", "{\"description\":\"new\"}", alice).status())
        .isEqualTo(200);
    Reply same = api.put("/v3/pods/volumes/contentvol", "{\"description\":\"new\"}", alice);
    assertThat(same.status()).as("Tapis answers a no-change update 200").isEqualTo(200);
    assertThat(same.message())
        .isEqualTo(
            "Incoming data made no changes to volume. Is incoming data equal to current data?");
    for (String path : new String[] {"volumes/contentvol", "snapshots/contentsnap"}) {
      Reply accented = api.put("/v3/pods/" + path, "{\"description\":\"café\"}", alice);
      assertThat(accented.status()).as(path).isEqualTo(400);
      assertThat(accented.message())
          .contains("description field may only contain ASCII characters");
    }
    Reply newVolume =
        api.post("/v3/pods/volumes", "{\"volume_id\":\"cafevol\",\"description\":\"café\"}", alice);
    assertThat(newVolume.status()).isEqualTo(400);
    assertThat(newVolume.body().path("detail").get(0).path("loc").toString())
        .isEqualTo("[\"body\",\"description\"]");
    assertThat(
            api.put("/v3/pods/snapshots/contentsnap", "{\"description\":\"words\"}", alice)
                .status())
        .isEqualTo(200);
    assertThat(api.get("/v3/pods/volumes/contentvol/permissions", alice).status()).isEqualTo(200);
    api.post(
        "/v3/pods/snapshots/contentsnap/permissions",
        "{\"user\":\"bob\",\"level\":\"READ\"}",
        alice);
    assertThat(api.get("/v3/pods/snapshots/contentsnap/permissions", alice).status())
        .isEqualTo(200);
    assertThat(api.delete("/v3/pods/snapshots/contentsnap/permissions/bob", alice).message())
        .isEqualTo("Snapshot permission deleted successfully.");
    assertThat(api.delete("/v3/pods/snapshots/contentsnap", alice).result().asString()).isEmpty();
  }

  static java.util.Map<String, String> unzip(byte[] archive) throws IOException {
    java.util.Map<String, String> entries = new java.util.TreeMap<>();
    try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(archive))) {
      for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), new String(zip.readAllBytes()));
      }
    }
    return entries;
  }

  HttpResponse<byte[]> contents(String base, String path, String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/" + base + "/contents/" + path))
            .header("X-Tapis-Token", token)
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    boolean json =
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
    io.berth.testing.TapisContract.get()
        .check(
            "GET",
            request.uri().getRawPath(),
            response.statusCode(),
            json ? new String(response.body()) : null);
    return response;
  }

  @Test
  void snapshotIsUnchangedWhenTheVolumeChanges() throws Exception {
    createVolume("snapsrc", 10);
    upload("snapsrc", "data/v.txt", "version 1".getBytes(), alice);
    Reply snap =
        api.post(
            "/v3/pods/snapshots",
            "{\"snapshot_id\":\"snapone\",\"source_volume_id\":\"snapsrc\",\"source_volume_path\":\"data\"}",
            alice);
    assertThat(snap.status()).as(snap.text()).isEqualTo(200);
    assertThat(snap.result().path("status").asString()).isEqualTo("AVAILABLE");
    upload("snapsrc", "data/v.txt", "version 2".getBytes(), alice);
    upload("snapsrc", "data/new.txt", "new".getBytes(), alice);
    assertThat(download("snapshots/snapone", "v.txt", alice).body()).isEqualTo("version 1");
    List<String> paths = new ArrayList<>();
    api.get("/v3/pods/snapshots/snapone/list", alice)
        .result()
        .forEach(f -> paths.add(f.path("path").asString()));
    assertThat(paths).containsExactly("v.txt");
    assertThat(api.get("/v3/pods/snapshots/snapone", bob).status()).isEqualTo(404);
    api.post(
        "/v3/pods/snapshots/snapone/permissions", "{\"user\":\"bob\",\"level\":\"READ\"}", alice);
    assertThat(download("snapshots/snapone", "v.txt", bob).statusCode()).isEqualTo(200);
  }

  /** The copies a snapshot schedule took, by name: the schedule's and the instant's. */
  List<String> copiesOf(String schedule) {
    List<String> ids = new ArrayList<>();
    api.get("/v3/pods/snapshots", alice)
        .result()
        .forEach(s -> ids.add(s.path("snapshot_id").asString()));
    return ids.stream().filter(id -> id.startsWith(schedule) && !id.equals(schedule)).toList();
  }

  @Test
  void aSnapshotScheduleTakesCopiesAndKeepsWhatItsPolicySays() throws Exception {
    createVolume("cronvol", 10);
    upload("cronvol", "data.txt", "scheduled".getBytes(), alice);
    Reply created =
        api.post(
            "/v3/pods/snapshots",
            "{\"snapshot_id\":\"cronsnap\",\"source_volume_id\":\"cronvol\","
                + "\"cron\":\"* * * * * *\",\"retention_policy\":\"keep_last=2\"}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    try {
      checkSchedule(created);
    } finally {
      // the context is shared: no schedule may go on taking copies after this test
      jdbc.sql("delete from snapshot_schedules").update();
      for (String left : copiesOf("cronsnap")) {
        api.delete("/v3/pods/snapshots/" + left, alice);
      }
    }
  }

  void checkSchedule(Reply created) throws Exception {
    assertThat(created.result().path("cron").asString()).isEqualTo("* * * * * *");
    assertThat(created.result().path("retention_policy").asString()).isEqualTo("keep_last=2");
    // the job runs every second here: two copies, then a third taken and the oldest pruned
    await().atMost(Duration.ofSeconds(30)).until(() -> copiesOf("cronsnap").size() >= 2);
    String oldest = copiesOf("cronsnap").stream().sorted().findFirst().orElseThrow();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> {
          List<String> copies = copiesOf("cronsnap");
          return copies.size() == 2 && !copies.contains(oldest);
        });
    String copy = copiesOf("cronsnap").getFirst();
    assertThat(download("snapshots/" + copy, "data.txt", alice).body()).isEqualTo("scheduled");
    Reply bad = api.put("/v3/pods/snapshots/cronsnap", "{\"cron\":\"every second\"}", alice);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).startsWith("Field cron: 'every second' is not a cron expression");
    assertThat(api.delete("/v3/pods/snapshots/cronsnap", alice).status()).isEqualTo(200);
  }

  @Test
  void mountRulesAndDeletingAMountedVolume() {
    createVolume("mountvol", 10);
    Reply pod =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"mounter\",\"pod_template\":\"template/postgres\",\"status_requested\":\"ON\","
                + "\"volume_mounts\":{\"mountvol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/srv\"}}}",
            alice);
    assertThat(pod.status()).as(pod.text()).isEqualTo(200);
    // bob cannot mount alice's volume
    Reply refused =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"bobpod\",\"pod_template\":\"template/postgres\","
                + "\"volume_mounts\":{\"mountvol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/srv\"}}}",
            bob);
    assertThat(refused.status()).isEqualTo(404);
    Reply busy = api.delete("/v3/pods/volumes/mountvol", alice);
    assertThat(busy.status()).isEqualTo(409);
    assertThat(busy.message()).contains("mounter");
  }

  @Test
  void aConflictOnDeleteNamesOnlyPodsTheCallerMaySee() {
    createVolume("busyvol", 10);
    api.post(
        "/v3/pods/volumes/busyvol/permissions", "{\"user\":\"bob\",\"level\":\"USER\"}", alice);
    String mount =
        "\"volume_mounts\":{\"busyvol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/srv\"}}}";
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"alicemounter\",\"pod_template\":\"template/jupyter\"," + mount,
                    alice)
                .status())
        .isEqualTo(200);
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"bobsecret\",\"pod_template\":\"template/jupyter\"," + mount,
                    bob)
                .status())
        .isEqualTo(200);
    Reply busy = api.delete("/v3/pods/volumes/busyvol", alice);
    assertThat(busy.status()).isEqualTo(409);
    assertThat(busy.message())
        .contains("alicemounter and 1 pod you hold no permission on")
        .doesNotContain("bobsecret");
    // a tenant admin sees every pod of the tenant, so all are named
    String carol = api.token("carol", "secret3");
    assertThat(api.delete("/v3/pods/volumes/busyvol", carol).message())
        .contains("alicemounter, bobsecret");
  }

  @Test
  void badVolumeInputs() {
    assertThat(api.post("/v3/pods/volumes", "{\"volume_id\":\"Bad Id\"}", alice).message())
        .contains("volume_id");
    Reply zeroLimit =
        api.post("/v3/pods/volumes", "{\"volume_id\":\"okvol\",\"size_limit\":0}", alice);
    assertThat(zeroLimit.message()).contains("size_limit");
    // the spec's HTTPValidationError rides along: where (loc) and which rule (msg)
    assertThat(zeroLimit.body().path("detail").get(0).path("loc").toString())
        .isEqualTo("[\"body\",\"size_limit\"]");
    assertThat(zeroLimit.body().path("detail").get(0).path("msg").asString())
        .contains("size_limit");
    assertThat(
            api.post("/v3/pods/volumes", "{\"volume_id\":\"okvol\",\"colour\":1}", alice).status())
        .isEqualTo(400);
    createVolume("dupvol", 1);
    assertThat(createVolume("dupvol", 1).status()).isEqualTo(409);
    Reply notMultipart = api.post("/v3/pods/volumes/dupvol/upload/x.txt", "{\"a\":1}", alice);
    assertThat(notMultipart.status()).isEqualTo(400);
  }

  // --- helpers

  /** The directory pods see as the volume's root (storage/<id>/data; storage/<id> before). */
  Path volumeRoot(String volume) {
    return volumeRoot(home, jdbc, volume);
  }

  /** The directory a volume's files live in: {@code storage/<storage id>/data}. */
  static Path volumeRoot(Path home, JdbcClient jdbc, String volume) {
    Path top =
        home.resolve("storage")
            .resolve(
                jdbc.sql("select storage_id from volumes where volume_id = ?")
                    .param(volume)
                    .query(String.class)
                    .single());
    return Files.isDirectory(top.resolve("data")) ? top.resolve("data") : top;
  }

  Reply upload(String volume, String path, byte[] content, String token) throws Exception {
    HttpRequest request =
        multipart(
            volume, path, () -> new java.io.ByteArrayInputStream(content), content.length, token);
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), ApiClient.parse(response.body()), response.body());
  }

  HttpResponse<String> download(String base, String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v3/pods/" + base + "/download/" + path))
            .header("X-Tapis-Token", token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest multipart(
      String volume,
      String path,
      java.util.function.Supplier<InputStream> body,
      long size,
      String token) {
    String boundary = "berth" + UUID.randomUUID().toString().replace("-", "");
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    return HttpRequest.newBuilder(
            URI.create(api.base() + "/v3/pods/volumes/" + volume + "/upload/" + path))
        .header("X-Tapis-Token", token)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(
            HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() ->
                    new java.io.SequenceInputStream(
                        java.util.Collections.enumeration(
                            List.of(
                                new java.io.ByteArrayInputStream(head),
                                body.get(),
                                new java.io.ByteArrayInputStream(tail))))),
                head.length + size + tail.length))
        .build();
  }

  /** Generated bytes, digested as they are read, so the test itself holds nothing in memory. */
  static final class PatternStream extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private long position;

    PatternStream(long size, MessageDigest digest) {
      this.size = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((position + i) * 31 >>> 3);
      }
      digest.update(b, off, n);
      position += n;
      return n;
    }

    @Override
    public void close() throws IOException {}
  }
}
