package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Berth and the Podman service it started, killed together with SIGKILL while six pods are being
 * created (a host losing power, as far as the engine's bookkeeping goes): once started again, all
 * six become AVAILABLE with exactly one container each, whatever the interrupted engine calls left
 * behind. Several kill moments, since what is left depends on where the engine was cut.
 */
class EngineCrashIT {
  static final int PODS = 6;

  @ParameterizedTest(name = "killed {0} ms after the creates were accepted")
  // in the middle of the engine calls (0 ms, before the first lands, was dropped for CI time: the
  // reconciler's recovery of a container it never made is CrashRecoveryIT's case too)
  @ValueSource(ints = {400})
  void killedWithItsEngineMidCreateConverges(int killAfterMs) throws InterruptedException {
    TestImages.busyboxHttpd();
    Path home = TestDatabase.newHome().resolve("home");
    String site = "ecrash" + UUID.randomUUID().toString().substring(0, 6);
    // no BERTH_ENGINE_HOST: Berth finds no engine and starts its own Podman service
    Map<String, String> env =
        Map.of(
            "BERTH_SITE",
            site,
            "BERTH_DEV_USERS",
            "alice:secret1",
            "BERTH_IMAGE_ALLOWLIST",
            "localhost/berth-test/*");
    try {
      try (BerthProcess first = BerthProcess.start(home, env)) {
        ApiClient api = first.api();
        String token = api.token("alice", "secret1");
        // the engine is started lazily: have it up before the creates, so the kill cuts its calls
        assertThat(api.get("/v3/pods", token).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.engineService().isPresent());
        // one after the other: one user's creates queue on their quota row (not what is tested
        // here); the reconciler works on the first pods while the later ones are accepted
        for (int i = 0; i < PODS; i++) {
          String body = CrashConvergence.createBody(i);
          assertThat(api.post("/v3/pods", body, token).status()).isEqualTo(200);
        }
        Thread.sleep(killAfterMs);
        first.killWithEngine();
      }
      try (BerthProcess second = BerthProcess.start(home, env)) {
        ApiClient api = second.api();
        String token = api.token("alice", "secret1");
        CrashConvergence.assertConvergedThenCleanedUp(api, token, site, PODS, second::output);
      }
    } finally {
      TestEngine.removeSite(site);
    }
  }
}
