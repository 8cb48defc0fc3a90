package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: Berth killed with SIGKILL while six pods are being created converges, once started
 * again, to six AVAILABLE pods and exactly six containers: no duplicates, no orphans.
 */
class CrashRecoveryIT {
  static final String SITE = "crash" + UUID.randomUUID().toString().substring(0, 6);
  static final int PODS = 6;

  @AfterAll
  static void removeSite() {
    TestEngine.removeSite(SITE);
  }

  @Test
  void killedMidCreateConvergesToExactlyOneContainerPerPod() {
    TestImages.busyboxHttpd();
    Path home = TestDatabase.newHome().resolve("home");
    Map<String, String> env =
        Map.of(
            "BERTH_SITE",
            SITE,
            "BERTH_ENGINE_HOST",
            TestEngine.host(),
            "BERTH_DEV_USERS",
            "alice:secret1",
            "BERTH_IMAGE_ALLOWLIST",
            "localhost/berth-test/*");
    try (BerthProcess first = BerthProcess.start(home, env)) {
      ApiClient api = first.api();
      String token = api.token("alice", "secret1");
      List<CompletableFuture<Integer>> creates = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        String body = CrashConvergence.createBody(i);
        creates.add(
            CompletableFuture.supplyAsync(() -> api.post("/v3/pods", body, token).status()));
      }
      creates.forEach(c -> assertThat(c.join()).isEqualTo(200));
      // the reconciler is now creating containers: kill it in the middle
      first.kill();
    }
    try (BerthProcess second = BerthProcess.start(home, env)) {
      ApiClient api = second.api();
      String token = api.token("alice", "secret1");
      CrashConvergence.assertConvergedThenCleanedUp(api, token, SITE, PODS, second::output);
    }
  }
}
