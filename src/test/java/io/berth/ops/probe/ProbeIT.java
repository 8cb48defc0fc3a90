package io.berth.ops.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.BerthProcess;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The probe end to end against Berth on its embedded defaults (H2, real Podman): `bin/berth probe`
 * runs every step through the API and the proxy and exits 0; the steps show in the metrics and on
 * the status page; without the admin token or a site admin's token the endpoints refuse.
 */
class ProbeIT {

  static final String SITE = "probe" + UUID.randomUUID().toString().substring(0, 6);

  @AfterAll
  static void removeSite() {
    TestEngine.removeSite(SITE);
  }

  @Test
  void binBerthProbePassesAgainstTheEmbeddedDefaults() throws Exception {
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
            "localhost/berth-test/*",
            "BERTH_PROBE_POD",
            "{\"pod_template\":\""
                + TestImages.BUSYBOX_HTTPD
                + "\","
                + "\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":5000}}}");
    try (BerthProcess berth = BerthProcess.start(home, env)) {
      ProcessBuilder builder = new ProcessBuilder("bin/berth", "probe").redirectErrorStream(true);
      builder.environment().put("BERTH_HOME", home.toString());
      builder.environment().put("BERTH_PORT", Integer.toString(berth.port()));
      Process probe = builder.start();
      String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(probe.waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(probe.exitValue()).as(output).isZero();
      assertThat(output)
          .contains(
              "create_pod", "available", "proxy", "logs", "volume_upload", "volume_list", "cleanup")
          .endsWith("probe: passed\n")
          .doesNotContain("eyJ"); // never a token in the report

      HttpClient http = HttpClient.newHttpClient();
      String metrics = berth.metrics();
      assertThat(metrics)
          .contains("berth_probe_step_up{step=\"proxy\"} 1.0")
          .contains("berth_probe_step_duration_seconds{step=\"available\"}")
          .contains("berth_probe_last_run_timestamp_seconds")
          .contains("berth_probe_last_success_timestamp_seconds")
          // the names and labels the shipped alert rules read (deploy/monitoring)
          .containsPattern("berth_pod_spawn_duration_seconds_bucket\\{le=\"60.0\"\\} [1-9]")
          .containsPattern(
              "berth_api_requests_seconds_count\\{method=\"POST\",outcome=\"success\",route=\"/v3/pods\"\\} [1-9]")
          .containsPattern(
              "berth_proxy_requests_total\\{outcome=\"proxied\",protocol=\"http\"\\} [1-9]")
          .containsPattern("berth_reconcile_last_pass_timestamp_seconds 1\\.[0-9]+E9")
          .containsPattern("berth_home_disk_free_bytes [1-9]")
          .contains(
              "berth_reconcile_pass_duration_seconds_count",
              "berth_reconcile_errors_total",
              "berth_proxy_bytes_total");
      // Berth's own checks start two seconds after start: wait for the first
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() ->
              assertThat(berth.metrics())
                  .contains("berth_status_check_up{check=\"database\"} 1.0"));
      String page =
          http.send(get(berth.port(), "/status"), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(page).contains("End-to-end probe").contains("volume_upload");

      ApiClient api = berth.api();
      assertThat(api.post("/v3/admin/probe/run", "{}", null).status()).isEqualTo(401);
      assertThat(api.post("/v3/admin/probe/run", "{}", api.token("alice", "secret1")).status())
          .isEqualTo(403);
      assertThat(api.get("/v3/admin/probe", api.token("alice", "secret1")).status()).isEqualTo(403);
      // the probe deleted its pod: the reconciler removes the container
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              TestEngine.podman("ps", "-a", "--filter", "label=io.berth.site=" + SITE, "-q")
                  .isBlank());
    }
  }

  static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }
}
