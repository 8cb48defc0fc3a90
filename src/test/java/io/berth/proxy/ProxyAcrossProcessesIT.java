package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Berth processes on one PostgreSQL, as a site splits its roles: one serves the API and runs
 * the reconciler, the other only proxies. A pod created through the first, with a real container,
 * is routable through the second's proxy at the moment the first reports it AVAILABLE, although the
 * second's route table (refreshed twice a second) has not seen it yet.
 */
@Tag("db")
class ProxyAcrossProcessesIT {
  static final int PODS = 4;

  @Test
  void aPodIsRoutableThroughAnotherProcessesProxyTheMomentItIsAvailable() throws Exception {
    assumeThat(TestDatabase.postgres())
        .as("two processes share a database only on PostgreSQL")
        .isTrue();
    TestImages.busyboxHttpd();
    Path root = TestDatabase.newHome();
    Map<String, String> env = new HashMap<>(TestDatabase.Postgres.started().environment());
    String site = "xproxy" + UUID.randomUUID().toString().substring(0, 6);
    env.put("BERTH_SITE", site);
    env.put("BERTH_DEV_USERS", "alice:secret1");
    env.put("BERTH_IMAGE_ALLOWLIST", "localhost/berth-test/*");
    env.put("BERTH_ENGINE_HOST", TestEngine.host());
    env.put("BERTH_JOBS_ENABLED", "false");
    Map<String, String> proxyOnly = new HashMap<>(env);
    proxyOnly.put("BERTH_RECONCILER_ENABLED", "false");
    try {
      routeThroughTheOtherProcess(root, env, proxyOnly);
    } finally {
      TestEngine.removeSite(site);
    }
  }

  private void routeThroughTheOtherProcess(
      Path root, Map<String, String> env, Map<String, String> proxyOnly) throws Exception {
    try (BerthProcess main = BerthProcess.start(Files.createDirectories(root.resolve("a")), env);
        BerthProcess proxy =
            BerthProcess.start(Files.createDirectories(root.resolve("b")), proxyOnly)) {
      ApiClient api = main.api();
      String alice = api.token("alice", "secret1");
      String prefix = "xp" + UUID.randomUUID().toString().substring(0, 4);
      try {
        for (int i = 0; i < PODS; i++) {
          String id = prefix + i;
          String body =
              "{\"pod_id\":\"" + id + "\",\"pod_template\":\"" + TestImages.BUSYBOX_HTTPD + "\"}";
          assertThat(api.post("/v3/pods", body, alice).status()).isEqualTo(200);
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(20))
              .until(() ->
                  "AVAILABLE"
                      .equals(api.get("/v3/pods/" + id, alice).result().path("status").asString()));
          String reply = get(proxy.proxyPort(), id + ".pods.localhost");
          assertThat(reply).as(id).startsWith("HTTP/1.1 200").contains("hello from a berth pod");
        }
      } finally {
        for (int i = 0; i < PODS; i++) {
          api.delete("/v3/pods/" + prefix + i, alice);
        }
      }
    }
  }

  private static String get(int port, String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20000);
      String request = "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
