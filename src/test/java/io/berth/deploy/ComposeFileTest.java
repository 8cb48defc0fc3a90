package io.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose/compose.yaml read as YAML (no compose tool is needed): the five services, their
 * health checks and start order, volumes declared and used, files it mounts present in the
 * repository, no secret written into it, and every variable it reads listed in env.example.
 */
class ComposeFileTest {
  private static final Path DIR = Path.of("deploy", "compose");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[-?]([^}]*))?}");

  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  static void load() {
    compose =
        map(
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(read(DIR.resolve("compose.yaml"))));
    services = new LinkedHashMap<>();
    map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
  }

  @Test
  void runsBerthWithItsDatabaseAndMonitoring() {
    assertThat(services)
        .containsOnlyKeys("berth", "postgres", "prometheus", "alertmanager", "grafana");
    services.forEach((name, service) -> {
      assertThat(service.get("image")).as(name).isInstanceOf(String.class);
      assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
      // pods' ports are on the host's loopback: Berth and its neighbours share the host network
      assertThat(service.get("network_mode")).as(name).isEqualTo("host");
    });
    Map<String, Object> build = map(services.get("berth").get("build"));
    Path context = DIR.resolve((String) build.get("context")).normalize();
    assertThat(context.resolve((String) build.get("dockerfile"))).isRegularFile();
    assertThat(context.resolve("pom.xml")).isRegularFile();
  }

  @Test
  void everyServiceHasAHealthCheck() {
    services.forEach((name, service) -> {
      Map<String, Object> health = map(service.get("healthcheck"));
      assertThat(health)
          .as(name)
          .containsKeys("test", "interval", "timeout", "retries", "start_period");
      List<?> test = (List<?>) health.get("test");
      assertThat(test.getFirst()).as(name).isIn("CMD", "CMD-SHELL");
      assertThat(test).as(name).hasSizeGreaterThan(1);
    });
    String berthCheck =
        String.join(" ", strings(map(services.get("berth").get("healthcheck")).get("test")));
    assertThat(berthCheck).contains("/actuator/health/readiness");
  }

  @Test
  void servicesStartAfterWhatTheyNeedIsHealthy() {
    assertThat(dependsOn("berth")).containsExactly(Map.entry("postgres", "service_healthy"));
    assertThat(dependsOn("prometheus"))
        .containsExactly(Map.entry("alertmanager", "service_healthy"));
    assertThat(dependsOn("grafana")).containsExactly(Map.entry("prometheus", "service_healthy"));
    Set<String> visiting = new HashSet<>();
    services.keySet().forEach(name -> assertNoCycle(name, visiting));
  }

  @Test
  void namedVolumesAreDeclaredAndUsedAndMountedFilesExist() {
    Set<String> declared = map(compose.get("volumes")).keySet();
    Set<String> used = new HashSet<>();
    List<String> missing = new ArrayList<>();
    services.forEach((name, service) -> {
      for (Object volume : (List<?>) service.getOrDefault("volumes", List.of())) {
        String source;
        if (volume instanceof String s) {
          source = defaults(s).split(":")[0];
        } else {
          Map<String, Object> v = map(volume);
          source = (String) v.get("source");
        }
        source = defaults(source);
        if (source.startsWith(".")) {
          if (!Files.exists(DIR.resolve(source)) && !source.startsWith("./secrets/")) {
            missing.add(name + ": " + source);
          }
        } else if (!source.startsWith("/")) {
          used.add(source);
        }
      }
    });
    assertThat(missing).isEmpty();
    assertThat(used).isEqualTo(declared);
    // Berth's home is mounted at the same path inside and out: the engine resolves pods' storage
    // under it as host paths
    Map<String, Object> home = map(((List<?>) services.get("berth").get("volumes")).getFirst());
    assertThat(home.get("source")).isEqualTo(home.get("target"));
    assertThat(map(services.get("berth").get("environment")).get("BERTH_HOME"))
        .isEqualTo(home.get("source"));
  }

  @Test
  void prometheusLoadsTheShippedRulesAndGrafanaTheDashboard() {
    List<String> command = strings(services.get("prometheus").get("command"));
    assertThat(command).contains("--config.file=/etc/berth/compose/prometheus.yml");
    List<String> volumes = strings(services.get("prometheus").get("volumes"));
    assertThat(volumes)
        .contains(
            "./prometheus.yml:/etc/berth/compose/prometheus.yml:ro",
            "../monitoring:/etc/berth/monitoring:ro");
    Map<String, Object> prometheus =
        map(
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(read(DIR.resolve("prometheus.yml"))));
    for (String rules : strings(prometheus.get("rule_files"))) {
      assertThat(DIR.resolve(rules)).as(rules).isRegularFile();
    }
    assertThat(strings(services.get("grafana").get("volumes")))
        .anyMatch(v -> v.startsWith("../monitoring/grafana/provisioning:/etc/grafana/provisioning"))
        .anyMatch(v ->
            v.startsWith("../monitoring/grafana/dashboards:/var/lib/grafana/dashboards/berth:"));
    String provider = read(DIR.resolve("../monitoring/grafana/provisioning/dashboards/berth.yml"));
    assertThat(provider).contains("path: /var/lib/grafana/dashboards/berth");
    // the provisioned datasource names host "prometheus", which is loopback on the host network
    String datasource =
        read(DIR.resolve("../monitoring/grafana/provisioning/datasources/prometheus.yml"));
    assertThat(datasource).contains("url: http://prometheus:9090");
    assertThat(strings(services.get("grafana").get("extra_hosts")))
        .containsExactly("prometheus:127.0.0.1");
  }

  @Test
  void secretsComeFromTheEnvironmentAndEveryVariableIsInTheExample() {
    String text = read(DIR.resolve("compose.yaml"));
    Set<String> example = new HashSet<>();
    for (String line : read(DIR.resolve("env.example")).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        example.add(line.substring(0, line.indexOf('=')));
      }
    }
    Matcher m = VARIABLE.matcher(text);
    Set<String> variables = new HashSet<>();
    while (m.find()) {
      variables.add(m.group(1));
    }
    assertThat(variables).contains("BERTH_DB_PASSWORD", "GRAFANA_ADMIN_PASSWORD");
    assertThat(example).containsAll(variables);
    services.forEach((name, service) ->
        map(service.getOrDefault("environment", Map.of()))
            .forEach((key, value) -> {
              if (key.contains("PASSWORD") || key.endsWith("_KEY")) {
                assertThat(String.valueOf(value)).as("%s %s", name, key).startsWith("${");
              }
            }));
  }

  private static Map<String, String> dependsOn(String service) {
    Map<String, String> result = new LinkedHashMap<>();
    map(services.get(service).getOrDefault("depends_on", Map.of()))
        .forEach((name, condition) -> result.put(name, (String) map(condition).get("condition")));
    return result;
  }

  private static void assertNoCycle(String service, Set<String> visiting) {
    assertThat(visiting.add(service)).as("a depends_on cycle through %s", service).isTrue();
    for (String next : dependsOn(service).keySet()) {
      assertThat(services).containsKey(next);
      assertNoCycle(next, visiting);
    }
    visiting.remove(service);
  }

  /** {@code ${NAME:-default}} replaced by its default, as compose does when NAME is unset. */
  private static String defaults(String value) {
    return VARIABLE
        .matcher(value)
        .replaceAll(r -> Matcher.quoteReplacement(r.group(2) == null ? "" : r.group(2)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<String> strings(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return ((List<?>) value).stream().map(String::valueOf).toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
