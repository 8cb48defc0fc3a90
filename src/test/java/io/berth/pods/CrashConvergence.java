package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every crash test asks of the restarted Berth: the pods {@code crash0..crashN-1} all
 * AVAILABLE with exactly one container each, and nothing of the site left once they are deleted.
 */
final class CrashConvergence {
  private CrashConvergence() {}

  static String createBody(int index) {
    return "{\"pod_id\":\"crash"
        + index
        + "\",\"pod_template\":\""
        + TestImages.BUSYBOX_HTTPD
        + "\"}";
  }

  static void assertConvergedThenCleanedUp(
      ApiClient api, String token, String site, int pods, Supplier<String> berthLog) {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> {
          List<String> statuses = new ArrayList<>();
          api.get("/v3/pods", token)
              .result()
              .forEach(p ->
                  statuses.add(p.path("pod_id").asString() + "=" + p.path("status").asString()));
          assertThat(statuses)
              .as("pods after the restart; Berth's log:%n%s", berthLog.get())
              .hasSize(pods)
              .allMatch(s -> s.endsWith("=AVAILABLE"));
        });
    String containers =
        TestEngine.podman(
            "ps", "-a", "--filter", "label=io.berth.site=" + site, "--format", "{{.Names}}");
    assertThat(containers.lines().toList()).hasSize(pods).doesNotHaveDuplicates();
    for (int i = 0; i < pods; i++) {
      api.delete("/v3/pods/crash" + i, token);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() ->
            TestEngine.podman("ps", "-a", "--filter", "label=io.berth.site=" + site, "-q")
                .isBlank());
  }
}
