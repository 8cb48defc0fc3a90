package io.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.BerthProcess;
import io.berth.testing.Exposition;
import io.berth.testing.FreePort;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A real Berth process scraped as Prometheus scrapes it, after it has done what makes every metric
 * the shipped rules read appear (API requests, a pod in ERROR, a probe run, jobs, a TLS proxy and a
 * TLS status check, its engine going away). The rule tests' input series must be series such a
 * scrape produces: the metric exported, with Berth's labels plus the {@code job} and {@code
 * instance} Prometheus adds (a label Berth named {@code job} would reach the rules as {@code
 * exported_job}). Every metric has HELP, histograms have few buckets, "never" is 0 not NaN, {@code
 * /metrics} needs its token, and a proxy-only process exports none of the gauges other processes
 * own.
 */
class MetricsScrapeIT {
  private static final Path MONITORING = Path.of("deploy", "monitoring");

  /** Labels a scrape adds: the scrape job and instance, and the shipped configurations' own. */
  private static final Set<String> SCRAPE_LABELS =
      Set.of("job", "instance", "site", "role", "pod", "namespace");

  private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)}$");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
  private static final Pattern METRIC = Pattern.compile("\\b((?:berth|process)_[a-z_]+)\\b");

  @Test
  void theRuleTestsAreFedWhatAScrapeOfBerthProduces() throws Exception {
    TestImages.busyboxHttpd();
    Path root = TestDatabase.newHome();
    Path home = Files.createDirectories(root.resolve("home"));
    int proxyPort = FreePort.find();
    Path truststore = selfSignedProxyCertificate(root);
    Path status = root.resolve("status.yaml");
    Files.writeString(
        status,
        """
        checks:
          - name: database
            url: berth://database
            interval: 2s
          - name: proxy-tls
            url: https://127.0.0.1:%d/
            interval: 2s
            conditions: ["[STATUS] < 500"]
        """
            .formatted(proxyPort));
    String site = "scrape" + UUID.randomUUID().toString().substring(0, 6);
    Path engineDir = Files.createTempDirectory("berth-scrape-engine");
    Process engine = podmanService(engineDir);
    Map<String, String> env = new HashMap<>();
    env.put("BERTH_SITE", site);
    env.put("BERTH_ENGINE_HOST", "unix://" + engineDir.resolve("podman.sock"));
    env.put("BERTH_DEV_USERS", "alice:secret1");
    env.put("BERTH_IMAGE_ALLOWLIST", "localhost/berth-test/*");
    env.put("BERTH_PROXY_PORT", Integer.toString(proxyPort));
    env.put("BERTH_PROXY_BIND_ADDRESS", "127.0.0.1");
    env.put("BERTH_PROXY_TLS_CERTIFICATE", root.resolve("proxy.crt").toString());
    env.put("BERTH_PROXY_TLS_PRIVATE_KEY", root.resolve("proxy.key").toString());
    env.put("BERTH_STATUS_CONFIG", status.toString());
    // the probe fails at the TLS proxy's plain-HTTP step; its confirming re-run need not wait 60 s
    env.put("BERTH_PROBE_CONFIRM_AFTER", "1s");
    env.put(
        "BERTH_PROBE_POD",
        "{\"pod_template\":\""
            + TestImages.BUSYBOX_HTTPD
            + "\",\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":5000}}}");
    // the status check trusts the proxy's self-signed certificate, as a site's checks trust theirs
    env.put(
        "JAVA_TOOL_OPTIONS",
        "-Djavax.net.ssl.trustStore=" + truststore + " -Djavax.net.ssl.trustStorePassword=test");
    try (BerthProcess berth = BerthProcess.start(home, env)) {
      ApiClient api = berth.api();
      String alice = api.token("alice", "secret1");
      assertThat(api.get("/v3/pods", alice).status()).isEqualTo(200);
      // a pod whose image no engine has: berth_pods{status="ERROR"}
      assertThat(
              api.post(
                      "/v3/pods",
                      "{\"pod_id\":\"absent\",\"pod_template\":\"localhost/berth-test/absent:1\"}",
                      alice)
                  .status())
          .isEqualTo(200);
      String admin = Files.readString(home.resolve("keys").resolve("admin-cli.token")).strip();
      for (String job : List.of("housekeeping", "backup", "probe")) {
        runJob(berth.port(), admin, job);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> {
            Exposition scrape = Exposition.parse(berth.metrics());
            assertThat(scrape.named("berth_pods")).isNotEmpty();
            assertThat(scrape.named("berth_status_check_certificate_expiry_timestamp_seconds"))
                .isNotEmpty();
          });
      // the engine goes away: the reconciler's calls fail and are counted
      engine.destroy();
      assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() ->
              !Exposition.parse(berth.metrics()).named("berth_engine_errors_total").isEmpty());

      Exposition scrape = Exposition.parse(berth.metrics());
      everyMetricHasHelp(scrape);
      histogramsAreBounded(scrape);
      noLabelIsOneAScrapeReplaces(scrape);
      neverIsZeroNotNaN(scrape);
      ruleTestSeriesAreScrapedSeries(scrape);
      everyMetricTheRulesAndTheDashboardReadIsExported(scrape);
      metricsNeedTheirToken(berth.port(), alice);
    } finally {
      engine.destroy();
      TestEngine.removeSite(site);
    }
  }

  @Test
  void aProxyOnlyProcessExportsNoGaugeAnotherProcessOwns() throws Exception {
    Path home = Files.createDirectories(TestDatabase.newHome().resolve("proxy"));
    Map<String, String> env = new HashMap<>();
    env.put("BERTH_RECONCILER_ENABLED", "false");
    env.put("BERTH_JOBS_ENABLED", "false");
    env.put("BERTH_STATUS_ENABLED", "false");
    env.put("BERTH_ENGINE_HOST", TestEngine.host());
    try (BerthProcess proxy = BerthProcess.start(home, env)) {
      Exposition scrape = Exposition.parse(proxy.metrics());
      Set<String> families = new TreeSet<>();
      scrape.samples().forEach(s -> families.add(scrape.family(s.name())));
      // the site's pod counts come from the reconciler; backups, jobs and the probe from the
      // process that runs the jobs: a proxy replica saying "0 pods" or "never backed up" would be
      // summed with, or alerted beside, the owner's
      assertThat(families)
          .doesNotContain(
              "berth_pods",
              "berth_backup_last_success_timestamp_seconds",
              "berth_restore_drill_last_success_timestamp_seconds",
              "berth_probe_last_run_timestamp_seconds",
              "berth_job_last_success_timestamp_seconds")
          .contains("berth_api_requests_seconds", "berth_proxy_bytes_total");
      // its own BERTH_HOME holds its embedded database here, so it reports that disk; with a
      // shared PostgreSQL (a proxy replica on Kubernetes) it keeps nothing there and does not
      assertThat(families.contains("berth_home_disk_free_bytes"))
          .isEqualTo(!TestDatabase.postgres());
    }
  }

  // ---- what a scrape must look like ----

  private static void everyMetricHasHelp(Exposition scrape) {
    assertThat(scrape.types()).isNotEmpty();
    for (String family : scrape.types().keySet()) {
      assertThat(scrape.help().get(family)).as("HELP of %s", family).isNotBlank();
    }
  }

  /** Micrometer's percentile histograms have 69 buckets per label set; Berth's have a handful. */
  private static void histogramsAreBounded(Exposition scrape) {
    Map<String, Integer> buckets = new LinkedHashMap<>();
    for (Exposition.Sample s : scrape.samples()) {
      if (s.name().endsWith("_bucket")) {
        Map<String, String> labels = new LinkedHashMap<>(s.labels());
        labels.remove("le");
        buckets.merge(s.name() + labels, 1, Integer::sum);
      }
    }
    assertThat(buckets).isNotEmpty();
    buckets.forEach(
        (series, n) -> assertThat(n).as("buckets of %s", series).isLessThanOrEqualTo(12));
  }

  /** Prometheus owns job and instance: a target's own would arrive as exported_job. */
  private static void noLabelIsOneAScrapeReplaces(Exposition scrape) {
    assertThat(scrape.labelNames()).doesNotContain("job", "instance");
  }

  /** time() - NaN compares false: a timestamp for "never" must be a number. */
  private static void neverIsZeroNotNaN(Exposition scrape) {
    for (Exposition.Sample s : scrape.samples()) {
      if (s.name().startsWith("berth_")) {
        assertThat(s.value()).as("%s%s", s.name(), s.labels()).isNotNaN();
      }
    }
  }

  private static void ruleTestSeriesAreScrapedSeries(Exposition scrape) throws IOException {
    Map<String, Object> tests =
        map(
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(MONITORING.resolve("tests/berth-alerts.test.yml"))));
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Object test : (List<?>) tests.get("tests")) {
      for (Object input : (List<?>) map(test).get("input_series")) {
        String series = (String) map(input).get("series");
        String problem = problem(series, scrape);
        if (problem != null) {
          problems.add(series + ": " + problem);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(40);
    assertThat(problems).isEmpty();
  }

  /** Why the series is not one a scrape of Berth produces, or null when it is. */
  private static String problem(String series, Exposition scrape) {
    Matcher m = SERIES.matcher(series.strip());
    if (!m.matches()) {
      return "not name{labels}";
    }
    String name = m.group(1);
    Map<String, String> labels = new LinkedHashMap<>();
    Matcher l = LABEL.matcher(m.group(2));
    while (l.find()) {
      labels.put(l.group(1), l.group(2));
    }
    if (!labels.containsKey("job") || !labels.containsKey("instance")) {
      return "a scraped series always has job and instance";
    }
    if (name.equals("up")) {
      return SCRAPE_LABELS.containsAll(labels.keySet()) ? null : "up has only the scrape's labels";
    }
    List<Exposition.Sample> samples = scrape.named(name);
    if (samples.isEmpty()) {
      return "Berth exports no " + name;
    }
    Set<String> own = new TreeSet<>(labels.keySet());
    own.removeAll(SCRAPE_LABELS);
    Set<Set<String>> exported = new HashSet<>();
    samples.forEach(s -> exported.add(new TreeSet<>(s.labels().keySet())));
    if (!exported.contains(own)) {
      return "Berth's labels on " + name + " are " + exported + ", not " + own;
    }
    if (labels.containsKey("le")
        && samples.stream().noneMatch(s -> labels.get("le").equals(s.labels().get("le")))) {
      return "Berth has no bucket le=\"" + labels.get("le") + "\"";
    }
    return null;
  }

  private static void everyMetricTheRulesAndTheDashboardReadIsExported(Exposition scrape)
      throws IOException {
    Set<String> used = new TreeSet<>();
    for (Path file :
        List.of(
            MONITORING.resolve("rules/berth-alerts.yml"),
            MONITORING.resolve("grafana/dashboards/berth-overview.json"))) {
      Matcher m = METRIC.matcher(Files.readString(file));
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    used.removeAll(scrape.labelNames()); // berth_job is a label
    Set<String> exported = new HashSet<>(); // samples, and histograms by their family's name
    scrape
        .samples()
        .forEach(s -> {
          exported.add(s.name());
          exported.add(scrape.family(s.name()));
        });
    assertThat(used).contains("berth_pods", "berth_job_runs_total");
    assertThat(exported).containsAll(used);
  }

  private static void metricsNeedTheirToken(int port, String userToken) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/metrics", "/metrics;x=1", "//metrics")) {
      for (String authorization :
          new String[] {null, "Bearer " + userToken, "Bearer not-the-token"}) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
          request.header("Authorization", authorization);
        }
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s with %s", path, authorization).isIn(400, 401);
        assertThat(response.body()).doesNotContain("berth_pods");
      }
    }
  }

  // ---- the setting ----

  private static void runJob(int port, String adminToken, String job) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v3/admin/jobs/" + job + "/run"))
                    .header("X-Berth-Admin-Token", adminToken)
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    // a failed run answers too (the probe fails at the TLS proxy's plain-HTTP step): it is counted
    assertThat(response.statusCode()).as("%s: %s", job, response.body()).isLessThan(500);
  }

  /** A Podman service of this test's own, so that stopping it is the engine going away. */
  private static Process podmanService(Path dir) throws Exception {
    Path socket = dir.resolve("podman.sock");
    ProcessBuilder builder =
        new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("service.log").toFile());
    builder.environment().put("CONTAINERS_CONF", TestEngine.containersConf(dir).toString());
    Process podman = builder.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket) || !podman.isAlive());
    assertThat(podman.isAlive()).as(Files.readString(dir.resolve("service.log"))).isTrue();
    return podman;
  }

  /** proxy.crt and proxy.key for 127.0.0.1 and the pods' domain, and a truststore holding it. */
  private static Path selfSignedProxyCertificate(Path dir) throws Exception {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=pods.localhost",
                "-addext",
                "subjectAltName=DNS:*.pods.localhost,DNS:pods.localhost,IP:127.0.0.1",
                "-keyout",
                dir.resolve("proxy.key").toString(),
                "-out",
                dir.resolve("proxy.crt").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0)
        .as(output)
        .isTrue();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("proxy.crt"))) {
      trust.setCertificateEntry(
          "proxy", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Path truststore = dir.resolve("truststore.p12");
    try (OutputStream out = Files.newOutputStream(truststore)) {
      trust.store(out, "test".toCharArray());
    }
    return truststore;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
