package io.berth.pods;

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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A template pod's data survives Berth's own restart, even when its container is gone in between
 * (an engine reset or a reboot): the new container mounts the same persistent storage.
 */
class DataAcrossRestartIT {

  static final String SITE = "keep" + UUID.randomUUID().toString().substring(0, 6);

  @AfterAll
  static void removeSite() {
    TestEngine.removeSite(SITE);
  }

  @Test
  void templatePodKeepsItsDataAcrossABerthRestartAndANewContainer() throws Exception {
    TestImages.busyboxHttpd();
    Path root = TestDatabase.newHome();
    Path home = root.resolve("home");
    Path templates = Files.createDirectories(root.resolve("templates"));
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
    String container = "berth-" + SITE + "-default-keeper";
    Map<String, String> env =
        Map.of(
            "BERTH_SITE",
            SITE,
            "BERTH_ENGINE_HOST",
            TestEngine.host(),
            "BERTH_DEV_USERS",
            "alice:secret1",
            "BERTH_TEMPLATES_DIR",
            templates.toString());

    try (BerthProcess first = BerthProcess.start(home, env)) {
      ApiClient api = first.api();
      String token = api.token("alice", "secret1");
      assertThat(
              api.post(
                      "/v3/pods",
                      "{\"pod_id\":\"keeper\",\"pod_template\":\"template/webdata\"}",
                      token)
                  .status())
          .isEqualTo(200);
      awaitAvailable(api, token);
      TestEngine.podman("exec", container, "/bin/sh", "-c", "echo kept > /www/state.txt");
    }
    // Berth is down; the container goes too, as after a reboot
    TestEngine.podman("rm", "-f", container);

    try (BerthProcess second = BerthProcess.start(home, env)) {
      ApiClient api = second.api();
      String token = api.token("alice", "secret1");
      // the first pass finds the container gone and creates a new one on the same storage
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() ->
              assertThat(TestEngine.podman("ps", "--filter", "name=" + container, "-q"))
                  .isNotBlank());
      awaitAvailable(api, token);
      assertThat(TestEngine.podman("exec", container, "cat", "/www/state.txt")).contains("kept");
      api.delete("/v3/pods/keeper?delete_data=true", token);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() ->
              TestEngine.podman("ps", "-a", "--filter", "label=io.berth.site=" + SITE, "-q")
                  .isBlank());
    }
  }

  private static void awaitAvailable(ApiClient api, String token) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() ->
            assertThat(api.get("/v3/pods/keeper", token).result().path("status").asString())
                .isEqualTo("AVAILABLE"));
  }
}
