package io.berth.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
 * Jobs' limits with real containers: an input by reference to a file in a Berth volume (read as the
 * job's owner), the timeout that stops a job, the per-user limit on running jobs with the queue
 * behind it, and job volumes against the owner's volume quota (they count until the job is
 * dismissed, which deletes them). One user per test, so their quotas and queues stay apart.
 */
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobLimitsIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "jl" + UUID.randomUUID().toString().substring(0, 6);
  static final String PKG = "application/ogcapppkg+json";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add(
        "berth.auth.dev-users",
        () ->
            "alice:secret1:process-deployer,bob:secret2:process-deployer,carol:secret3,"
                + "dave:secret4");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.runtime.stop-timeout", () -> "1s");
    registry.add("berth.proxy.enabled", () -> "false");
    registry.add("berth.processes.echo-image", TestImages::busyboxHttpd);
    registry.add("berth.processes.max-running-per-user", () -> "1");
    registry.add("berth.processes.output-size-limit-mb", () -> "40");
    registry.add("berth.quotas.volume-mb", () -> "100");
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient api;

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    jdbc.sql("delete from process_jobs").update();
    jdbc.sql("delete from processes").update();
    jdbc.sql("delete from permissions").update();
    jdbc.sql("delete from user_quotas").update();
    api = new ApiClient(port);
  }

  @Test
  void anInputByReferenceToAVolumeFileIsReadAsTheOwner() throws Exception {
    String alice = api.token("alice", "secret1");
    Reply created =
        api.post(
            "/v3/pods/volumes",
            "{\"volume_id\":\"names\",\"description\":\"inputs\",\"size_limit\":5}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    HttpResponse<String> uploaded = upload("names", "people/first.txt", "ada\n", alice);
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
    deploy(
        "greetfile",
        "echo hello $(cat /inputs/name) > /outputs/greeting",
        "{\"name\": {\"schema\": {\"type\": \"string\"}}}",
        null,
        alice);

    String href = api.base() + "/v3/pods/volumes/names/download/people/first.txt";
    HttpResponse<String> sync =
        OgcHttp.execute(
            api,
            "greetfile",
            "{\"inputs\": {\"name\": {\"href\": \"" + href + "\"}}, \"response\": \"document\"}",
            alice,
            false);
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    assertThat(ApiClient.parse(sync.body()).path("greeting").asString()).isEqualTo("hello ada");

    // bob may not read alice's volume: his job fails naming it, and runs nothing
    String bob = api.token("bob", "secret2");
    share("greetfile", "bob", alice);
    HttpResponse<String> refused =
        OgcHttp.execute(
            api, "greetfile", "{\"inputs\": {\"name\": {\"href\": \"" + href + "\"}}}", bob, false);
    assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 499);
    assertThat(refused.body()).contains("inputs.name", "names");
  }

  @Test
  void aJobPastItsTimeoutIsStoppedAndFailsSayingSo() throws Exception {
    String bob = api.token("bob", "secret2");
    deploy("sleeper", "echo started; sleep 600", "{}", "{\"jobTimeout\": 3}", bob);
    HttpResponse<String> async = OgcHttp.execute(api, "sleeper", "{\"inputs\": {}}", bob, true);
    assertThat(async.statusCode()).as(async.body()).isEqualTo(201);
    String jobId = ApiClient.parse(async.body()).path("jobID").asString();
    JsonNode failed = awaitStatus(jobId, "failed", bob);
    assertThat(failed.path("message").asString())
        .isEqualTo("The job ran out of time: stopped after 3 s.");
    assertThat(api.get("/ogcapi/jobs/" + jobId + "/log", bob).text()).contains("started");
    Reply results = api.get("/ogcapi/jobs/" + jobId + "/results", bob);
    assertThat(results.status()).isEqualTo(500);
    assertThat(results.text()).contains("ran out of time");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            TestEngine.podman(
                    "ps",
                    "-aq",
                    "--filter",
                    "label=io.berth.site=" + SITE,
                    "--filter",
                    "name=sleep")
                .isBlank());
    assertThat(TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.job=" + jobId)).isBlank();
  }

  @Test
  void jobsBeyondTheUsersLimitWaitInTheQueueAndThenRun() throws Exception {
    String carol = api.token("carol", "secret3");
    String first = submitEcho("one", 4, carol);
    String second = submitEcho("two", 0, carol);
    awaitStatus(first, "running", carol);
    // while the first runs, the second waits: the limit is one running job per user
    JsonNode waiting = api.get("/ogcapi/jobs/" + second, carol).body();
    assertThat(waiting.path("status").asString()).isEqualTo("accepted");
    JsonNode firstDone = awaitStatus(first, "successful", carol);
    JsonNode secondDone = awaitStatus(second, "successful", carol);
    Instant firstFinished = Instant.parse(firstDone.path("finished").asString());
    Instant secondStarted = Instant.parse(secondDone.path("started").asString());
    assertThat(secondStarted).isAfterOrEqualTo(firstFinished.minusMillis(1));
    assertThat(api.get("/ogcapi/jobs/" + second + "/results", carol).text()).contains("two");
  }

  @Test
  void jobVolumesCountAgainstTheQuotaUntilTheJobIsDismissed() throws Exception {
    // 100 MB of volumes, 40 MB per job volume: two jobs' volumes fit, a third's does not
    String dave = api.token("dave", "secret4");
    String one = submitEcho("a", 0, dave);
    String volume = awaitStatus(one, "successful", dave).path("outputVolume").asString();
    assertThat(api.get("/v3/pods/volumes/" + volume, dave).status()).isEqualTo(200);
    String two = submitEcho("b", 0, dave);
    awaitStatus(two, "successful", dave);
    String three = submitEcho("c", 0, dave);
    JsonNode refused = awaitStatus(three, "failed", dave);
    assertThat(refused.path("message").asString()).contains("volume_mb");

    Reply dismissed = api.delete("/ogcapi/jobs/" + one, dave);
    assertThat(dismissed.status()).as(dismissed.text()).isEqualTo(200);
    awaitStatus(one, "dismissed", dave);
    // the reconciler deletes the dismissed job's volume (and container) soon after the answer
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.get("/v3/pods/volumes/" + volume, dave).status() == 404);
    String four = submitEcho("d", 0, dave);
    awaitStatus(four, "successful", dave);
  }

  String submitEcho(String message, int pause, String token) throws Exception {
    HttpResponse<String> async =
        OgcHttp.execute(
            api,
            "echo",
            "{\"inputs\": {\"message\": \"" + message + "\", \"pause\": " + pause + "}}",
            token,
            true);
    assertThat(async.statusCode()).as(async.body()).isEqualTo(201);
    return ApiClient.parse(async.body()).path("jobID").asString();
  }

  void deploy(String id, String script, String inputs, String config, String token)
      throws Exception {
    String body =
        """
        {"processDescription": {"id": "%s", "version": "1.0.0",
          "jobControlOptions": ["sync-execute", "async-execute", "dismiss"],
          "inputs": %s,
          "outputs": {"greeting": {"schema": {"type": "string"}}}},
         "executionUnit": {"type": "docker", "image": "%s",
           "command": ["/bin/sh", "-c", "%s"]%s}}
        """
            .formatted(
                id,
                inputs,
                TestImages.BUSYBOX_HTTPD,
                script,
                config == null ? "" : ", \"config\": " + config);
    HttpResponse<String> deployed =
        OgcHttp.send(api, "POST", "/ogcapi/processes", PKG, body, token);
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
  }

  void share(String processId, String user, String token) {
    Reply shared =
        api.post(
            "/ogcapi/processes/" + processId + "/permissions",
            "{\"user\":\"" + user + "\",\"level\":\"USER\"}",
            token);
    assertThat(shared.status()).as(shared.text()).isBetween(200, 201);
  }

  HttpResponse<String> upload(String volume, String path, String content, String token)
      throws Exception {
    String boundary = "b" + UUID.randomUUID();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + content
            + "\r\n--"
            + boundary
            + "--\r\n";
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(api.base() + "/v3/pods/volumes/" + volume + "/upload/" + path))
            .header("X-Tapis-Token", token)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode awaitStatus(String jobId, String status, String token) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> {
          last[0] = api.get("/ogcapi/jobs/" + jobId, token).body();
          return status.equals(last[0].path("status").asString());
        });
    return last[0];
  }
}
