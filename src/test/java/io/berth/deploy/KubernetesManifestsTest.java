package io.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes read into fabric8's typed models: every YAML file parses strictly (an unknown
 * field fails), and the base holds what a site relies on: probes on the actuator's health groups,
 * non-root containers with resources, Prometheus annotations, the roles split by setting, Secret
 * references for secrets, and RBAC with exactly the verbs the Kubernetes runtime uses. When kubectl
 * is installed, the base, each overlay and each component are also rendered with {@code kubectl
 * kustomize} and the same rules checked on the result.
 */
class KubernetesManifestsTest {
  private static final Path ROOT = Path.of("deploy", "kubernetes");

  /** The runtime's calls (io.berth.runtime.kubernetes), resource by resource. */
  private static final Map<String, Set<String>> RUNTIME_RULES =
      Map.of(
          "/pods", Set.of("create", "get", "delete", "list", "watch"),
          "/pods/log", Set.of("get"),
          "/pods/exec", Set.of("create", "get"),
          "/services", Set.of("create", "delete", "list", "watch"),
          "/secrets", Set.of("create", "get", "patch", "delete"),
          "/persistentvolumeclaims", Set.of("create", "get", "list", "delete"),
          "snapshot.storage.k8s.io/volumesnapshots", Set.of("create", "list", "delete"),
          "networking.k8s.io/networkpolicies", Set.of("create", "get", "patch"));

  @Test
  void everyYamlFileParsesStrictlyIntoTypedModels() {
    List<Path> files = yamlFiles();
    assertThat(files).hasSizeGreaterThan(15);
    List<String> failures = new ArrayList<>();
    int documents = 0;
    for (Path file : files) {
      if (isKustomization(file)) {
        continue;
      }
      try {
        documents += StrictManifests.parse(read(file)).size();
      } catch (RuntimeException e) {
        failures.add(file + ": " + e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(documents).isGreaterThan(25);
  }

  @Test
  void anUnknownFieldFails() {
    String typo =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: x
                  image: x
                  readinessProb: {httpGet: {path: /, port: 80}}
        """;
    assertThatThrownBy(() -> StrictManifests.parse(typo))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readinessProb");
    assertThatThrownBy(
            () -> StrictManifests.parse("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"))
        .hasMessageContaining("unexpected kind v1/Pod");
  }

  @Test
  void everyFileIsPartOfAKustomizationAndEveryReferenceExists() {
    Set<Path> referenced = new TreeSet<>();
    for (Path kustomization :
        yamlFiles().stream().filter(KubernetesManifestsTest::isKustomization).toList()) {
      JsonNode k = StrictManifests.documents(read(kustomization)).getFirst();
      Path dir = kustomization.getParent();
      List<String> entries = new ArrayList<>();
      k.path("resources").forEach(n -> entries.add(n.asText()));
      k.path("components").forEach(n -> entries.add(n.asText()));
      k.path("patches").forEach(n -> entries.add(n.path("path").asText()));
      for (String entry : entries) {
        Path target = dir.resolve(entry).normalize();
        assertThat(target).as("%s refers to %s", kustomization, entry).exists();
        referenced.add(target);
      }
    }
    List<Path> orphans =
        yamlFiles().stream()
            .filter(f -> !isKustomization(f))
            .map(Path::normalize)
            .filter(f -> !referenced.contains(f))
            .toList();
    assertThat(orphans).as("files no kustomization uses").isEmpty();
  }

  @Test
  void baseDeploymentsAreProbedNonRootSizedAndScraped() {
    List<HasMetadata> base = directory(ROOT.resolve("base"));
    List<Deployment> deployments = of(base, Deployment.class);
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("berth", "berth-proxy");
    for (Deployment deployment : deployments) {
      assertWorkload(deployment.getMetadata().getName(), deployment.getSpec().getTemplate(), true);
      PodTemplateSpec template = deployment.getSpec().getTemplate();
      assertThat(template.getMetadata().getAnnotations())
          .containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/port", "8080")
          .containsEntry("prometheus.io/path", "/metrics");
      assertThat(template.getSpec().getServiceAccountName()).isEqualTo("berth");
      assertThat(template.getSpec().getEnableServiceLinks()).isFalse();
      assertThat(deployment.getSpec().getSelector().getMatchLabels())
          .isEqualTo(template.getMetadata().getLabels());
      Container berth = container(template, "berth");
      assertThat(berth.getEnvFrom())
          .anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("berth-config"));
      assertThat(secretRef(berth, "BERTH_DB_PASSWORD")).contains("berth-secrets/db-password");
      assertThat(secretRef(berth, "BERTH_DATA_KEY")).contains("berth-secrets/data-key");
      // /metrics asks every process for the same token, so one Prometheus credential scrapes all
      assertThat(secretRef(berth, "BERTH_METRICS_TOKEN")).contains("berth-secrets/metrics-token");
    }
    Deployment api = named(deployments, "berth");
    Deployment proxy = named(deployments, "berth-proxy");
    assertThat(env(container(api.getSpec().getTemplate(), "berth")))
        .containsEntry("BERTH_RECONCILER_ENABLED", "true")
        .containsEntry("BERTH_PROXY_ENABLED", "false");
    assertThat(env(container(proxy.getSpec().getTemplate(), "berth")))
        .containsEntry("BERTH_RECONCILER_ENABLED", "false")
        .containsEntry("BERTH_PROXY_ENABLED", "true")
        .containsEntry("BERTH_STATUS_ENABLED", "false")
        .containsEntry("BERTH_JOBS_ENABLED", "false");
    // jobs (backups of BERTH_HOME's storage) and status checks stay with berth-home
    assertThat(env(container(api.getSpec().getTemplate(), "berth")))
        .doesNotContainKeys("BERTH_STATUS_ENABLED", "BERTH_JOBS_ENABLED");
    // one reconciler, and a ReadWriteOnce home: never two at once
    assertThat(api.getSpec().getReplicas()).isEqualTo(1);
    assertThat(api.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(proxy.getSpec().getReplicas()).isGreaterThan(1);
    // the site's signing key comes from the Secret, shared by both processes
    for (Deployment deployment : deployments) {
      assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
          .filteredOn(v -> v.getSecret() != null)
          .extracting(v -> v.getSecret().getSecretName())
          .containsExactly("berth-secrets");
    }
  }

  @Test
  void servicesSelectTheirDeploymentsOnDeclaredPorts() {
    List<HasMetadata> base = directory(ROOT.resolve("base"));
    List<Deployment> deployments = of(base, Deployment.class);
    for (Service service : of(base, Service.class)) {
      Map<String, String> selector = service.getSpec().getSelector();
      List<Deployment> selected =
          deployments.stream()
              .filter(d ->
                  d.getSpec()
                      .getTemplate()
                      .getMetadata()
                      .getLabels()
                      .entrySet()
                      .containsAll(selector.entrySet()))
              .toList();
      assertThat(selected).as("deployments behind %s", service.getMetadata().getName()).hasSize(1);
      Set<String> ports =
          selected.getFirst().getSpec().getTemplate().getSpec().getContainers().stream()
              .flatMap(c -> c.getPorts().stream())
              .map(ContainerPort::getName)
              .collect(Collectors.toSet());
      service
          .getSpec()
          .getPorts()
          .forEach(p -> assertThat(ports).contains(p.getTargetPort().getStrVal()));
    }
    // the runtime's per-pod Ingresses point at berth-proxy:8081 by default
    Service proxy = named(of(base, Service.class), "berth-proxy");
    assertThat(proxy.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(8081);
  }

  @Test
  void theRuntimeRoleGrantsExactlyTheCallsTheRuntimeMakes() {
    List<HasMetadata> base = directory(ROOT.resolve("base"));
    Role role = named(of(base, Role.class), "berth-runtime");
    assertThat(role.getMetadata().getNamespace()).isEqualTo("berth-pods");
    assertThat(rules(role.getRules())).isEqualTo(RUNTIME_RULES);
    RoleBinding binding = named(of(base, RoleBinding.class), "berth-runtime");
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("berth-pods");
    assertThat(binding.getRoleRef().getName()).isEqualTo("berth-runtime");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(s -> {
          assertThat(s.getKind()).isEqualTo("ServiceAccount");
          assertThat(s.getName()).isEqualTo("berth");
          assertThat(s.getNamespace()).isEqualTo("berth");
        });
    ConfigMap config = named(of(base, ConfigMap.class), "berth-config");
    assertThat(config.getData())
        .containsEntry("BERTH_KUBERNETES_NAMESPACE", "berth-pods")
        .containsEntry("BERTH_KUBERNETES_CONTROLNAMESPACE", "berth")
        .containsEntry("BERTH_RUNTIME_KIND", "kubernetes");
  }

  @Test
  void componentsAddOnlyWhatTheirFeatureNeeds() {
    ClusterRole tenants =
        named(
            of(directory(ROOT.resolve("components/namespace-per-tenant")), ClusterRole.class),
            "berth-runtime-tenants");
    Map<String, Set<String>> expected = new TreeMap<>(RUNTIME_RULES);
    expected.put("/namespaces", Set.of("create"));
    assertThat(rules(tenants.getRules())).isEqualTo(expected);
    Role ingresses =
        named(
            of(directory(ROOT.resolve("components/pod-ingresses")), Role.class), "berth-ingresses");
    assertThat(ingresses.getMetadata().getNamespace()).isEqualTo("berth");
    assertThat(rules(ingresses.getRules()))
        .isEqualTo(
            Map.of("networking.k8s.io/ingresses", Set.of("create", "get", "patch", "delete")));
  }

  @Test
  void noRuleAnywhereUsesWildcards() {
    for (Path dir : List.of(ROOT)) {
      List<HasMetadata> all = directory(dir);
      List<PolicyRule> rules = new ArrayList<>();
      of(all, Role.class).forEach(r -> rules.addAll(r.getRules()));
      of(all, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
      assertThat(rules).isNotEmpty();
      for (PolicyRule rule : rules) {
        assertThat(rule.getVerbs()).doesNotContain("*");
        assertThat(rule.getResources()).doesNotContain("*");
        assertThat(rule.getApiGroups()).doesNotContain("*");
      }
    }
  }

  @Test
  void configHoldsNoSecretsAndEveryValueIsDocumented() {
    String readme = read(ROOT.resolve("README.md"));
    for (ConfigMap config : of(everything(), ConfigMap.class)) {
      for (String key : config.getData().keySet()) {
        assertThat(key).doesNotContain("PASSWORD").doesNotEndWith("_KEY").doesNotEndWith("TOKEN");
        assertThat(readme)
            .as("deploy/kubernetes/README.md documents %s", key)
            .contains("`" + key + "`");
      }
    }
  }

  @Test
  void theApiIngressDoesNotPublishMetricsOrHealth() {
    for (Ingress ingress : of(everything(), Ingress.class)) {
      if (!ingress.getMetadata().getName().equals("berth-api")) {
        continue;
      }
      List<String> paths =
          ingress.getSpec().getRules().stream()
              .flatMap(r -> r.getHttp().getPaths().stream())
              .map(HTTPIngressPath::getPath)
              .toList();
      assertThat(paths).contains("/v3").doesNotContain("/", "/metrics", "/actuator");
    }
  }

  @Test
  void renderedBaseOverlaysAndComponentsKeepTheRules() throws Exception {
    Assumptions.assumeTrue(
        kubectl().isPresent(), "kubectl is not installed: rendering not checked");
    Map<String, List<HasMetadata>> rendered = new TreeMap<>();
    rendered.put("base", render(ROOT.resolve("base")));
    try (Stream<Path> overlays = Files.list(ROOT.resolve("overlays"))) {
      for (Path overlay : overlays.sorted().toList()) {
        rendered.put(overlay.getFileName().toString(), render(overlay));
      }
    }
    Path scratch = Path.of("target", "kustomize-components");
    try (Stream<Path> components = Files.list(ROOT.resolve("components"))) {
      for (Path component : components.sorted().toList()) {
        Path dir = scratch.resolve(component.getFileName());
        Files.createDirectories(dir);
        Files.writeString(
            dir.resolve("kustomization.yaml"),
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources: ["
                + dir.relativize(ROOT.resolve("base"))
                + "]\n"
                + "components: ["
                + dir.relativize(component)
                + "]\n");
        rendered.put("component " + component.getFileName(), render(dir));
      }
    }
    assertThat(rendered).containsKeys("base", "dev", "production");
    rendered.forEach((name, resources) -> {
      List<Deployment> deployments = of(resources, Deployment.class);
      assertThat(deployments).as(name).isNotEmpty();
      for (Deployment d : deployments) {
        assertWorkload(name + " " + d.getMetadata().getName(), d.getSpec().getTemplate(), true);
        d.getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .forEach(c -> assertThat(c.getImage()).as(name).contains("/").contains(":"));
      }
      for (StatefulSet s : of(resources, StatefulSet.class)) {
        assertWorkload(name + " " + s.getMetadata().getName(), s.getSpec().getTemplate(), false);
      }
      assertThat(rules(named(of(resources, Role.class), "berth-runtime").getRules()))
          .as(name)
          .isEqualTo(RUNTIME_RULES);
    });
    // dev: every role in the one process, which berth-proxy then selects
    List<HasMetadata> dev = rendered.get("dev");
    assertThat(of(dev, Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("berth");
    assertThat(
            env(
                container(
                    named(of(dev, Deployment.class), "berth").getSpec().getTemplate(), "berth")))
        .containsEntry("BERTH_PROXY_ENABLED", "true")
        .containsEntry("BERTH_RECONCILER_ENABLED", "true");
    assertThat(named(of(dev, Service.class), "berth-proxy").getSpec().getSelector())
        .containsEntry("app.kubernetes.io/component", "api");
    // production: more proxies, its own hosts
    Deployment prodProxy = named(of(rendered.get("production"), Deployment.class), "berth-proxy");
    assertThat(prodProxy.getSpec().getReplicas()).isEqualTo(3);
    assertThat(of(rendered.get("component pod-ingresses"), Ingress.class))
        .extracting(i -> i.getMetadata().getName())
        .containsExactly("berth-api");
  }

  private static void assertWorkload(String name, PodTemplateSpec template, boolean readOnlyRoot) {
    PodSpec pod = template.getSpec();
    assertThat(pod.getSecurityContext()).as("%s pod security context", name).isNotNull();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isNotNull().isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType())
        .as(name)
        .isEqualTo("RuntimeDefault");
    List<Container> all = new ArrayList<>(pod.getContainers());
    all.addAll(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
    for (Container c : all) {
      String what = name + "/" + c.getName();
      assertThat(c.getResources().getRequests())
          .as("%s requests", what)
          .containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).as("%s limits", what).containsKeys("cpu", "memory");
      assertThat(c.getSecurityContext()).as("%s security context", what).isNotNull();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(what).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop())
          .as(what)
          .containsExactly("ALL");
      if (readOnlyRoot) {
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(what).isTrue();
      }
    }
    for (Container c : pod.getContainers()) {
      String what = name + "/" + c.getName();
      assertThat(c.getReadinessProbe()).as("%s readiness", what).isNotNull();
      assertThat(c.getLivenessProbe()).as("%s liveness", what).isNotNull();
      if (c.getName().equals("berth")) {
        Set<String> ports =
            c.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
        assertActuatorProbe(what, c.getLivenessProbe(), "/actuator/health/liveness", ports);
        assertActuatorProbe(what, c.getReadinessProbe(), "/actuator/health/readiness", ports);
        assertActuatorProbe(what, c.getStartupProbe(), "/actuator/health/liveness", ports);
      }
    }
  }

  private static void assertActuatorProbe(
      String what, Probe probe, String path, Set<String> ports) {
    assertThat(probe).as(what).isNotNull();
    assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
    assertThat(ports).as(what).contains(probe.getHttpGet().getPort().getStrVal());
  }

  /** "group/resource" to verbs; a rule naming several groups or resources counts for each. */
  private static Map<String, Set<String>> rules(List<PolicyRule> rules) {
    Map<String, Set<String>> result = new TreeMap<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          String key = group + "/" + resource;
          if (result.containsKey(key)) {
            fail("%s appears in two rules", key);
          }
          result.put(key, Set.copyOf(rule.getVerbs()));
        }
      }
    }
    return result;
  }

  private static Optional<String> secretRef(Container c, String variable) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(variable))
        .map(EnvVar::getValueFrom)
        .filter(Objects::nonNull)
        .map(v -> v.getSecretKeyRef().getName() + "/" + v.getSecretKeyRef().getKey())
        .findFirst();
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> result = new TreeMap<>();
    c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> result.put(e.getName(), e.getValue()));
    return result;
  }

  private static Container container(PodTemplateSpec template, String name) {
    return template.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  private static <T extends HasMetadata> T named(List<T> resources, String name) {
    return resources.stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() ->
            new AssertionError(
                "no "
                    + name
                    + " among "
                    + resources.stream().map(r -> r.getMetadata().getName()).toList()));
  }

  private static <T> List<T> of(List<HasMetadata> resources, Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The complete resources (not patches) of every YAML file under {@code dir}. */
  private static List<HasMetadata> directory(Path dir) {
    List<HasMetadata> result = new ArrayList<>();
    for (Path file : yamlFiles()) {
      if (file.startsWith(dir) && !isKustomization(file) && !isPatch(file)) {
        result.addAll(StrictManifests.parse(read(file)));
      }
    }
    return result;
  }

  /** Every document of every file, patches included. */
  private static List<HasMetadata> everything() {
    List<HasMetadata> result = new ArrayList<>();
    for (Path file : yamlFiles()) {
      if (!isKustomization(file)) {
        result.addAll(StrictManifests.parse(read(file)));
      }
    }
    return result;
  }

  /** Files a kustomization names under {@code patches}: partial documents. */
  private static boolean isPatch(Path file) {
    Path kustomization = file.resolveSibling("kustomization.yaml");
    if (!Files.exists(kustomization)) {
      return false;
    }
    JsonNode k = StrictManifests.documents(read(kustomization)).getFirst();
    for (JsonNode patch : k.path("patches")) {
      if (file.getFileName().toString().equals(patch.path("path").asText())) {
        return true;
      }
    }
    return false;
  }

  private static List<HasMetadata> render(Path dir) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                kubectl().orElseThrow().toString(),
                "kustomize",
                dir.toString(),
                "--load-restrictor",
                "LoadRestrictionsNone")
            .redirectErrorStream(false)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, err).isZero();
    return StrictManifests.parse(out);
  }

  private static Optional<Path> kubectl() {
    String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(p -> !p.isBlank())
        .map(p -> Path.of(p, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static boolean isKustomization(Path file) {
    return file.getFileName().toString().equals("kustomization.yaml");
  }

  private static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
