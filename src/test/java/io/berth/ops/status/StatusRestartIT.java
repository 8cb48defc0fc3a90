package io.berth.ops.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.berth.testing.BerthProcess;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Berth restarted is not an outage on its status page: stopped while a check is waiting for its
 * target, and started again with its proxy checked from the first run, Berth records no failure for
 * targets that were up all along.
 */
class StatusRestartIT {

  @Test
  void aRestartOfBerthRecordsNoOutage() throws Exception {
    Semaphore arrived = new Semaphore(0);
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.createContext(
        "/slow",
        ex -> {
          arrived.release();
          try {
            Thread.sleep(4000); // up, but slow enough to be waited for when Berth stops
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    target.start();
    Path home = Files.createDirectories(TestDatabase.newHome().resolve("home"));
    int proxyPort = FreePort.find();
    Path config = home.resolveSibling("status.yaml");
    Files.writeString(
        config,
        """
        checks:
          - name: slow
            url: http://127.0.0.1:%d/slow
            interval: 6s
            timeout: 6s
          - name: proxy
            url: tcp://127.0.0.1:%d
            interval: 1s
        """
            .formatted(target.getAddress().getPort(), proxyPort));
    Map<String, String> env =
        Map.of(
            "BERTH_STATUS_CONFIG",
            config.toString(),
            "BERTH_PROXY_PORT",
            Integer.toString(proxyPort),
            "BERTH_RECONCILER_ENABLED",
            "false",
            "BERTH_JOBS_ENABLED",
            "false");
    try {
      for (int start = 0; start < 2; start++) {
        int before = start;
        try (BerthProcess berth = BerthProcess.start(home, env)) {
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> results(berth, "slow").size() > before);
          // stop Berth while its check waits for the slow target
          arrived.drainPermits();
          assertThat(arrived.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
        }
      }
      try (BerthProcess berth = BerthProcess.start(home, env)) {
        await().atMost(Duration.ofSeconds(90)).until(() -> results(berth, "slow").size() >= 3);
        for (String check : List.of("slow", "proxy")) {
          assertThat(results(berth, check))
              .as("%s after two restarts", check)
              .isNotEmpty()
              .allSatisfy(r -> assertThat(r.path("up").asBoolean()).as("%s", r).isTrue());
        }
      }
    } finally {
      target.stop(0);
    }
  }

  private static List<JsonNode> results(BerthProcess berth, String check) {
    List<JsonNode> results = new ArrayList<>();
    berth
        .api()
        .get("/status/api/checks/" + check + "?limit=1000", null)
        .result()
        .path("history")
        .forEach(results::add);
    return results;
  }
}
