package io.berth.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
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
 * OGC API - Processes end to end with real containers: a docker and a CWL process deployed from a
 * local image, run synchronously and asynchronously, results by value and by reference (through the
 * volume API), dismissal of a running job, Part 2's refusals, and who sees what.
 */
// H2 only (CI time): the job store's SQL runs on PostgreSQL in JobLimitsIT and JobCrashIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProcessesIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "pr" + UUID.randomUUID().toString().substring(0, 6);
  static final String PKG = "application/ogcapppkg+json";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add(
        "berth.auth.dev-users",
        () -> "alice:secret1:process-deployer,bob:secret2,carol:secret3:admin");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.runtime.stop-timeout", () -> "1s");
    registry.add("berth.proxy.enabled", () -> "false");
    registry.add("berth.processes.echo-image", TestImages::busyboxHttpd);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String alice;
  String bob;

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    jdbc.sql("delete from process_jobs").update();
    jdbc.sql("delete from processes").update();
    jdbc.sql("delete from permissions").update();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
  }

  static String dockerPackage(String id, String script) {
    return """
    {"processDescription": {"id": "%s", "version": "1.0.0",
      "jobControlOptions": ["sync-execute", "async-execute", "dismiss"],
      "outputTransmission": ["value", "reference"],
      "inputs": {"name": {"schema": {"type": "string"}}},
      "outputs": {"greeting": {"schema": {"type": "string"}},
                  "report": {"schema": {"type": "string", "contentMediaType": "text/csv"}}}},
     "executionUnit": {"type": "docker", "image": "%s",
       "command": ["/bin/sh", "-c", "%s"]}}
    """
        .formatted(id, TestImages.BUSYBOX_HTTPD, script);
  }

  // the report is written only when the job has loopback alone: a job has no network by default
  static final String GREET =
      "echo hello $(cat /inputs/name) > /outputs/greeting && test $(ls /sys/class/net) = lo"
          + " && echo a,b > /outputs/report";

  static final String CWL =
      """
      cwlVersion: v1.2
      class: CommandLineTool
      id: linecount
      requirements:
        DockerRequirement:
          dockerPull: %s
        NetworkAccess:
          networkAccess: true
      # counts only when the job has the network it asked for
      baseCommand: [sh, -c, 'test -e /sys/class/net/eth0 && wc -l < $0']
      inputs:
        text:
          type: File
          inputBinding:
            position: 1
      stdout: count.txt
      outputs:
        count:
          type: stdout
      """
          .formatted(TestImages.BUSYBOX_HTTPD);

  HttpResponse<String> send(String method, String path, String type, String body, String token)
      throws Exception {
    return OgcHttp.send(api, method, path, type, body, token);
  }

  HttpResponse<String> execute(String process, String body, boolean async) throws Exception {
    return OgcHttp.execute(api, process, body, alice, async);
  }

  static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes());
  }

  JsonNode awaitStatus(String jobId, String status) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> {
          last[0] = api.get("/ogcapi/jobs/" + jobId, alice).body();
          return status.equals(last[0].path("status").asString());
        });
    return last[0];
  }

  /**
   * The OGC Part 1 suite's request (every output of echo by value, the default raw response, a
   * client that accepts JSON): several outputs raw are multipart/related, one part per output.
   */
  @Test
  void echoAnswersARawRequestForAllItsOutputsAsMultipart() throws Exception {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.base() + "/ogcapi/processes/echo/execution"))
            .header("X-Tapis-Token", alice)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"inputs\": {\"message\": \"teststring\"}, \"outputs\": {\"message\":"
                        + " {\"transmissionMode\": \"value\"}, \"pause\": {\"transmissionMode\":"
                        + " \"value\"}}}"))
            .build();
    HttpResponse<String> sync =
        java.net.http.HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    assertThat(sync.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("multipart/related"));
    assertThat(sync.body()).contains("Content-ID: <message>", "teststring", "Content-ID: <pause>");
    Reply described = api.get("/ogcapi/processes/echo", alice);
    assertThat(described.body().path("outputs").has("pause")).isTrue();
  }

  @Test
  void dockerProcessDeploysRunsSyncAndAsyncWithResultsByValueAndReference() throws Exception {
    HttpResponse<String> deployed =
        send("POST", "/ogcapi/processes", PKG, dockerPackage("greet", GREET), alice);
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
    assertThat(deployed.headers().firstValue("Location"))
        .hasValue(api.base() + "/ogcapi/processes/greet");

    // synchronous, document: both outputs inline
    HttpResponse<String> sync =
        execute("greet", "{\"inputs\": {\"name\": \"ada\"}, \"response\": \"document\"}", false);
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    JsonNode doc = ApiClient.parse(sync.body());
    assertThat(doc.path("greeting").asString()).isEqualTo("hello ada");
    assertThat(doc.path("report").path("value").asString()).isEqualTo("a,b");
    assertThat(doc.path("report").path("mediaType").asString()).isEqualTo("text/csv");

    // synchronous, raw, one output by value: the bytes themselves
    HttpResponse<String> raw =
        execute(
            "greet",
            "{\"inputs\": {\"name\": \"bo\"}, \"outputs\": {\"greeting\": {}}, \"response\": \"raw\"}",
            false);
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).isEqualTo("hello bo");
    // the pins of its inputs/ and outputs/ mounts are released after its start, off its path
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> {
          try (var pins = java.nio.file.Files.list(home.resolve("storage-pins"))) {
            return pins.findAny().isEmpty();
          }
        });

    // asynchronous, by reference: 201 + Location, then a link into the job's volume
    HttpResponse<String> async =
        execute(
            "greet",
            "{\"inputs\": {\"name\": \"cy\"}, \"outputs\": {\"report\":"
                + " {\"transmissionMode\": \"reference\"}}, \"response\": \"document\"}",
            true);
    assertThat(async.statusCode()).as(async.body()).isEqualTo(201);
    String location = async.headers().firstValue("Location").orElseThrow();
    String jobId = location.substring(location.lastIndexOf('/') + 1);
    JsonNode status = awaitStatus(jobId, "successful");
    assertThat(status.path("imageDigest").asString()).isNotBlank();
    assertThat(status.path("exitCode").asInt()).isZero();
    Reply results = api.get("/ogcapi/jobs/" + jobId + "/results", alice);
    assertThat(results.status()).isEqualTo(200);
    String href = results.body().path("report").path("href").asString();
    assertThat(href).startsWith(api.base() + "/v3/pods/volumes/job");
    HttpResponse<String> file = send("GET", href.substring(api.base().length()), null, null, alice);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo("a,b\n");
    // the job is alice's: bob sees neither it nor its volume's files
    assertThat(api.get("/ogcapi/jobs/" + jobId, bob).status()).isEqualTo(404);
    assertThat(send("GET", href.substring(api.base().length()), null, null, bob).statusCode())
        .isIn(403, 404);
    // its container goes once the job's end is recorded (the reconciler's next step); its log is
    // kept
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
  }

  @Test
  void cwlProcessRunsWithAFileInputAndStdoutOutput() throws Exception {
    HttpResponse<String> deployed =
        send("POST", "/ogcapi/processes", "application/cwl+yaml", CWL, alice);
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
    Reply described = api.get("/ogcapi/processes/linecount", alice);
    assertThat(described.body().path("inputs").has("text")).isTrue();

    HttpResponse<String> sync =
        execute(
            "linecount",
            "{\"inputs\": {\"text\": \"" + base64("one\ntwo\nthree\n") + "\"}}",
            false);
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    assertThat(sync.body().strip()).startsWith("3");

    HttpResponse<String> async =
        execute(
            "linecount",
            "{\"inputs\": {\"text\": \"" + base64("a\nb\n") + "\"}, \"response\": \"document\"}",
            true);
    assertThat(async.statusCode()).as(async.body()).isEqualTo(201);
    String jobId = ApiClient.parse(async.body()).path("jobID").asString();
    awaitStatus(jobId, "successful");
    Reply results = api.get("/ogcapi/jobs/" + jobId + "/results", alice);
    assertThat(results.text()).contains("2");
  }

  @Test
  void aRunningJobIsDismissedAndItsContainerStopped() throws Exception {
    HttpResponse<String> async =
        execute("echo", "{\"inputs\": {\"message\": \"wait\", \"pause\": 60}}", true);
    assertThat(async.statusCode()).as(async.body()).isEqualTo(201);
    String jobId = ApiClient.parse(async.body()).path("jobID").asString();
    awaitStatus(jobId, "running");
    Reply notReady = api.get("/ogcapi/jobs/" + jobId + "/results", alice);
    assertThat(notReady.status()).isEqualTo(404);
    assertThat(notReady.body().path("type").asString()).endsWith("/result-not-ready");

    Reply dismissed = api.delete("/ogcapi/jobs/" + jobId, alice);
    assertThat(dismissed.status()).isEqualTo(200);
    assertThat(dismissed.body().path("status").asString()).isEqualTo("dismissed");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
    awaitStatus(jobId, "dismissed");
    Reply gone = api.get("/ogcapi/jobs/" + jobId + "/results", alice);
    assertThat(gone.body().path("type").asString()).endsWith("/no-such-job");
  }

  @Test
  void partTwoRefusalsCarryOgcTypes() throws Exception {
    String part2 = "http://www.opengis.net/def/exceptions/ogcapi-processes-2/1.0/";
    HttpResponse<String> unsupported =
        send("POST", "/ogcapi/processes", "text/plain", "hello", alice);
    assertThat(unsupported.statusCode()).isEqualTo(415);
    assertThat(ApiClient.parse(unsupported.body()).path("type").asString())
        .isEqualTo(part2 + "unsupported-media-type");

    assertThat(
            send("POST", "/ogcapi/processes", PKG, dockerPackage("dup", GREET), alice).statusCode())
        .isEqualTo(201);
    HttpResponse<String> duplicate =
        send("POST", "/ogcapi/processes", PKG, dockerPackage("dup", GREET), alice);
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(ApiClient.parse(duplicate.body()).path("type").asString())
        .isEqualTo(part2 + "duplicated-process");

    HttpResponse<String> replaced =
        send(
            "PUT",
            "/ogcapi/processes/dup",
            PKG,
            dockerPackage("dup", "echo x > /outputs/greeting"),
            alice);
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(204);

    HttpResponse<String> immutable = send("DELETE", "/ogcapi/processes/echo", null, null, alice);
    assertThat(immutable.statusCode()).isEqualTo(403);
    assertThat(ApiClient.parse(immutable.body()).path("type").asString())
        .isEqualTo(part2 + "immutable-process");

    // bob may not deploy (no deploy role) and does not see alice's process until she shares it
    assertThat(
            send("POST", "/ogcapi/processes", PKG, dockerPackage("bobs", GREET), bob).statusCode())
        .isEqualTo(403);
    assertThat(api.get("/ogcapi/processes/dup", bob).status()).isEqualTo(404);
    Reply shared =
        api.post(
            "/ogcapi/processes/dup/permissions", "{\"user\":\"bob\",\"level\":\"USER\"}", alice);
    assertThat(shared.status()).as(shared.text()).isEqualTo(200);
    assertThat(api.get("/ogcapi/processes/dup", bob).status()).isEqualTo(200);
    assertThat(send("DELETE", "/ogcapi/processes/dup", null, null, bob).statusCode())
        .isEqualTo(403);

    assertThat(send("DELETE", "/ogcapi/processes/dup", null, null, alice).statusCode())
        .isEqualTo(204);
    assertThat(api.get("/ogcapi/processes/dup", alice).body().path("type").asString())
        .endsWith("/no-such-process");
  }

  @Test
  void badInputsAreRefusedNamingTheInput() throws Exception {
    HttpResponse<String> missing = execute("echo", "{\"inputs\": {}}", false);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("inputs.message");
    HttpResponse<String> wrong =
        execute("echo", "{\"inputs\": {\"message\": \"x\", \"pause\": \"soon\"}}", false);
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("inputs.pause");
    HttpResponse<String> foreign =
        execute("echo", "{\"inputs\": {\"message\": {\"href\": \"http://example.org/x\"}}}", false);
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("inputs.message.href");
    // a file input's value is base64: text that is not is refused, not half-decoded
    send(
        "POST",
        "/ogcapi/processes",
        "application/cwl+yaml",
        CWL.replace("linecount", "lc2"),
        alice);
    HttpResponse<String> notBase64 =
        execute("lc2", "{\"inputs\": {\"text\": \"plain text!\"}}", false);
    assertThat(notBase64.statusCode()).as(notBase64.body()).isEqualTo(400);
    assertThat(notBase64.body()).contains("inputs.text");
  }
}
