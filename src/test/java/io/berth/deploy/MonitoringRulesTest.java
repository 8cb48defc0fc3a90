package io.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The parts of deploy/monitoring that promtool does not judge: every alert carries a severity and
 * its annotations, has a firing and a silent promtool test, and is in the README's threshold table;
 * every Berth metric the rules and the dashboard use is in the README's metric table. promtool
 * itself runs in deploy/monitoring/check.
 */
class MonitoringRulesTest {
  private static final Path DIR = Path.of("deploy", "monitoring");
  private static final Pattern METRIC = Pattern.compile("\\b(berth_[a-z_]+)\\b");

  @Test
  void everyAlertHasASeverityASummaryAndADescription() {
    List<Map<String, Object>> alerts = alerts();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(20);
    for (Map<String, Object> alert : alerts) {
      String name = (String) alert.get("alert");
      assertThat(map(alert.get("labels")).get("severity")).as(name).isIn("warning", "critical");
      Map<String, Object> annotations = map(alert.get("annotations"));
      assertThat((String) annotations.get("summary")).as(name).isNotBlank();
      assertThat((String) annotations.get("description")).as(name).isNotBlank();
    }
  }

  @Test
  void everyAlertIsTestedFiringAndSilent() {
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    Map<String, Object> tests = yaml(DIR.resolve("tests/berth-alerts.test.yml"));
    assertThat(list(tests.get("rule_files"))).asString().isEqualTo("[../rules/berth-alerts.yml]");
    for (Object test : list(tests.get("tests"))) {
      for (Object evaluation : list(map(test).get("alert_rule_test"))) {
        Map<String, Object> e = map(evaluation);
        String name = (String) e.get("alertname");
        (list(e.get("exp_alerts")).isEmpty() ? silent : firing).add(name);
      }
    }
    Set<String> names = alertNames();
    assertThat(firing).isEqualTo(names);
    assertThat(silent).isEqualTo(names);
  }

  /**
   * Each shipped Prometheus configuration scrapes Berth with the bearer token /metrics asks for,
   * and its rule files resolve (promtool checks the configurations' syntax only: the token files
   * exist where Prometheus runs, not here).
   */
  @Test
  void everyPrometheusConfigurationSendsTheMetricsTokenAndFindsTheRules() {
    for (Path config :
        List.of(
            DIR.resolve("prometheus.yml"),
            DIR.resolve("prometheus-kubernetes.yml"),
            Path.of("deploy", "compose", "prometheus.yml"))) {
      Map<String, Object> prometheus = yaml(config);
      for (Object rules : list(prometheus.get("rule_files"))) {
        assertThat(config.resolveSibling((String) rules)).as("%s", config).isRegularFile();
      }
      Map<String, Object> berth =
          list(prometheus.get("scrape_configs")).stream()
              .map(MonitoringRulesTest::map)
              .filter(job -> "berth".equals(job.get("job_name")))
              .findFirst()
              .orElseThrow(() -> new AssertionError(config + " has no berth job"));
      Map<String, Object> authorization = map(berth.get("authorization"));
      assertThat(authorization.get("type")).as("%s", config).isEqualTo("Bearer");
      assertThat((String) authorization.get("credentials_file")).as("%s", config).isNotBlank();
    }
  }

  @Test
  void theReadmeTablesCoverEveryAlertAndMetric() {
    String readme = read(DIR.resolve("README.md"));
    Set<String> documentedAlerts = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `?(Berth[A-Za-z]+)`? \\|").matcher(readme);
    while (row.find()) {
      documentedAlerts.add(row.group(1));
    }
    assertThat(documentedAlerts).isEqualTo(alertNames());

    Set<String> used = new TreeSet<>();
    used.addAll(metrics(read(DIR.resolve("rules/berth-alerts.yml"))));
    used.addAll(metrics(read(DIR.resolve("grafana/dashboards/berth-overview.json"))));
    assertThat(used).contains("berth_pods", "berth_pod_spawn_duration_seconds_bucket");
    // documented as `name`, `name{labels}` or a family `prefix_*`
    Set<String> names = new TreeSet<>();
    Set<String> families = new TreeSet<>();
    Matcher documented = Pattern.compile("`(berth_[a-z_]+)(\\*|\\{[a-z_,]*})?`").matcher(readme);
    while (documented.find()) {
      ("*".equals(documented.group(2)) ? families : names).add(documented.group(1));
    }
    for (String metric : used) {
      String base = metric.replaceAll("_(bucket|count|sum|max)$", "");
      assertThat(names.contains(base) || families.stream().anyMatch(base::startsWith))
          .as("README documents %s", base)
          .isTrue();
    }
  }

  private static Set<String> metrics(String text) {
    Set<String> result = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      result.add(m.group(1));
    }
    return result;
  }

  private static Set<String> alertNames() {
    Set<String> names = new TreeSet<>();
    alerts().forEach(a -> names.add((String) a.get("alert")));
    return names;
  }

  private static List<Map<String, Object>> alerts() {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Object group : list(yaml(DIR.resolve("rules/berth-alerts.yml")).get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        if (map(rule).containsKey("alert")) {
          alerts.add(map(rule));
        }
      }
    }
    return alerts;
  }

  private static Map<String, Object> yaml(Path file) {
    return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<?>) value;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
