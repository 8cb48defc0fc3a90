package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A talkative pod on real Podman: its output is read from the engine once (bytes counted, however
 * many saves), the saved copy is the last log-tail-bytes of it, and a last line without its newline
 * is kept, while it runs and after it stops.
 */
@Tag("db") // appending to the saved output is SQL both databases must run
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PodOutputIT {
  static final String SITE = "out" + UUID.randomUUID().toString().substring(0, 6);
  static final int TAIL = 1024 * 1024;
  static final int LINES = 30_000;
  static final String LINE = "a talkative pod says this line, padded out to be long enough: ";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, TestDatabase.newHome());
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "200ms");
    registry.add("berth.reconciler.log-save-interval", () -> "200ms");
    registry.add("berth.reconciler.log-tail-bytes", () -> TAIL);
    registry.add("berth.runtime.stop-timeout", () -> "2s");
    registry.add("berth.proxy.enabled", () -> "false");
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  ApiClient api;
  String alice;

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
  }

  @AfterAll
  void removeContainers() {
    api.delete("/v3/pods/chatty", alice);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
  }

  String logs() {
    return api.get("/v3/pods/chatty/logs", alice).result().path("logs").asString();
  }

  double bytesRead() {
    var counter = meters.find("berth.pod.output.read").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aTalkativePodsOutputIsReadOnceAndItsEndKept() {
    String script =
        "httpd -p 5000 -h /www; i=0; while [ $i -lt "
            + LINES
            + " ]; do echo \\\""
            + LINE
            + "$i\\\"; i=$((i+1)); done; echo -n \\\"and a last line without its newline\\\";"
            + " sleep 3600";
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"chatty\",\"pod_template\":\""
                        + TestImages.BUSYBOX_HTTPD
                        + "\",\"command\":[\"/bin/sh\",\"-c\",\""
                        + script
                        + "\"]}",
                    alice)
                .status())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> logs().endsWith(LINE + (LINES - 1) + "\nand a last line without its newline"));
    assertThat(logs()).hasSize(TAIL);

    long printed = 0;
    for (int i = 0; i < LINES; i++) {
      printed += LINE.length() + Integer.toString(i).length() + 1;
    }
    printed += "and a last line without its newline".length();
    // the pod is quiet now: what the engine sends comes to an end, however many saves pass (a
    // tail re-read at every 200 ms save would send the whole output again five times a second)
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> {
          double before = bytesRead();
          Thread.sleep(3000);
          return bytesRead() == before;
        });
    // each message once with its time ("2026-12-06T12:54:35Z "), plus, once, the last second of
    // the read before the pod was followed (the engine takes "since" in whole seconds)
    long withTimes = printed + (LINES + 1) * 21L;
    assertThat(bytesRead()).isBetween((double) withTimes, 2.5 * withTimes);

    api.get("/v3/pods/chatty/stop", alice);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            api.get("/v3/pods/chatty", alice).result().path("status").asString().equals("STOPPED"));
    assertThat(logs()).hasSize(TAIL).endsWith("and a last line without its newline");
  }
}
