package io.berth.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Berth killed while a job runs: after the restart the job is adopted and finishes, run once; a job
 * whose container vanished while Berth was down fails, and is not run again.
 */
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobCrashIT {
  static final String SITE = "jc" + UUID.randomUUID().toString().substring(0, 6);
  // each run appends a line: a job run twice would answer "run\nrun"
  static final String SCRIPT =
      "echo run >> /outputs/runs && sleep 6 && cp /outputs/runs /outputs/result";

  @AfterAll
  void tearDown() {
    TestEngine.removeSite(SITE);
  }

  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("BERTH_SITE", SITE);
    env.put("BERTH_RUNTIME_ENGINE_HOST", TestEngine.host());
    env.put("BERTH_AUTH_DEV_USERS", "alice:secret1:process-deployer");
    env.put("BERTH_IMAGE_ALLOWLIST", "localhost/berth-test/*");
    env.put("BERTH_PROXY_ENABLED", "false");
    env.put("BERTH_RECONCILER_INTERVAL", "1s");
    return env;
  }

  static String pkg() {
    return """
    {"processDescription": {"id": "once", "version": "1",
      "inputs": {}, "outputs": {"result": {"schema": {"type": "string"}}}},
     "executionUnit": {"type": "docker", "image": "%s",
       "command": ["/bin/sh", "-c", "%s"]}}
    """
        .formatted(TestImages.BUSYBOX_HTTPD, SCRIPT);
  }

  @Test
  void aJobSurvivesBerthsCrashAndRunsOnce() throws Exception {
    TestImages.busyboxHttpd();
    Path home = TestDatabase.newHome().resolve("berth");
    Files.createDirectories(home);
    String finishing;
    String vanishing;
    try (BerthProcess first = BerthProcess.start(home, env())) {
      ApiClient api = first.api();
      String alice = api.token("alice", "secret1");
      assertThat(
              OgcHttp.send(
                      api, "POST", "/ogcapi/processes", "application/ogcapppkg+json", pkg(), alice)
                  .statusCode())
          .isEqualTo(201);
      finishing = submit(api, alice);
      vanishing = submit(api, alice);
      awaitStatus(api, alice, finishing, "running");
      awaitStatus(api, alice, vanishing, "running");
      first.kill();
    }
    // while Berth is down, one job's container is removed behind its back
    String container =
        TestEngine.podman(
                "ps",
                "-aq",
                "--filter",
                "label=io.berth.site=" + SITE,
                "--filter",
                "name=" + vanishing)
            .strip();
    assertThat(container).isNotEmpty();
    TestEngine.podman("rm", "-f", container);

    try (BerthProcess second = BerthProcess.start(home, env())) {
      ApiClient api = second.api();
      String alice = api.token("alice", "secret1");
      awaitStatus(api, alice, finishing, "successful");
      JsonNode results = api.get("/ogcapi/jobs/" + finishing + "/results", alice).body();
      // asked raw with JSON: the document; the single line shows it ran once
      assertThat(results.path("result").asString()).isEqualTo("run");
      JsonNode failed = awaitStatus(api, alice, vanishing, "failed");
      assertThat(failed.path("message").asString()).contains("not run again");
      // nothing was started again for either job
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
    }
  }

  static String submit(ApiClient api, String token) throws Exception {
    var response = OgcHttp.execute(api, "once", "{\"response\": \"document\"}", token, true);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return ApiClient.parse(response.body()).path("jobID").asString();
  }

  static JsonNode awaitStatus(ApiClient api, String token, String jobId, String status) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> {
          last[0] = api.get("/ogcapi/jobs/" + jobId, token).body();
          return status.equals(last[0].path("status").asString());
        });
    return last[0];
  }
}
