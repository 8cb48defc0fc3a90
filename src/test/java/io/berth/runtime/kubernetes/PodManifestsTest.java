package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.MountSpec;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.ReadinessSpec;
import io.berth.runtime.ResourceSpec;
import io.berth.testing.TestJobSpecs;
import io.berth.testing.TestPodSpecs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodManifestsTest {
  static final PodKey KEY = new PodKey("tacc", "mydb");
  static final KubernetesProperties DEFAULTS = KubernetesProperties.defaults();

  static PodSpec spec(ResourceSpec resources, Integer runAsUser, List<PortSpec> ports) {
    return TestPodSpecs.of(KEY, "postgres:16")
        .generation(3)
        .command(List.of("postgres", "-c", "fsync=on"))
        .env(Map.of("POSTGRES_PASSWORD", "s3cret"))
        .ports(ports)
        .resources(resources)
        .mounts(
            List.of(
                new MountSpec("pod-tacc-mydb-data0", "", "/var/lib/postgresql/data", false),
                new MountSpec("vol-tacc-shared", "sub", "/shared", true)))
        .addedCapabilities("cap_chown")
        .runAsUser(runAsUser)
        .readiness(new ReadinessSpec(5432, null))
        .build();
  }

  static PodSpec plain() {
    return spec(
        new ResourceSpec(250, 2000, 256, 3072, 0),
        999,
        List.of(new PortSpec("default", 5432, null)));
  }

  static Container container(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  @Test
  void aJobHasAReadOnlyRootAndAnInMemoryTmpAsLargeAsItsMemoryLimit() {
    JobSpec job =
        TestJobSpecs.of(new JobKey("tacc", "job1"), "localhost/echo:1")
            .args(List.of("echo", "hi"))
            .resources(new ResourceSpec(100, 1000, 64, 512, 0))
            .mounts(List.of(new MountSpec("vol-tacc-out", "outputs", "/outputs", false)))
            .workingDir("/outputs")
            .build();
    Pod pod = JobPods.pod(DEFAULTS, "site", job);
    Container container = container(pod);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getName() + " " + m.getMountPath())
        .containsExactly("data0 /outputs", "tmp /tmp");
    assertThat(pod.getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("tmp"))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory");
          assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("512Mi"));
        });
  }

  @Test
  void leastPrivilegeWithNonRootWhereTheTemplateNamesAUser() {
    Pod pod = PodManifests.build(DEFAULTS, "site", plain()).pod();
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(999L);
    assertThat(pod.getSpec().getSecurityContext().getFsGroup()).isEqualTo(100L);
    assertThat(pod.getSpec().getSecurityContext().getFsGroupChangePolicy())
        .isEqualTo("OnRootMismatch");
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    var security = container(pod).getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).containsExactly("CHOWN");
    assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void rootImagesAreNotForcedNonRootUnlessTheSiteRequiresIt() {
    PodSpec root = spec(new ResourceSpec(250, 2000, 256, 3072, 0), null, List.of());
    assertThat(
            PodManifests.build(DEFAULTS, "site", root)
                .pod()
                .getSpec()
                .getSecurityContext()
                .getRunAsNonRoot())
        .isNull();
    KubernetesProperties strict =
        KubernetesSettings.of(Map.of("berth.kubernetes.require-non-root", "true"));
    assertThat(
            PodManifests.build(strict, "site", root)
                .pod()
                .getSpec()
                .getSecurityContext()
                .getRunAsNonRoot())
        .isTrue();
  }

  @Test
  void everyPodJoinsTheStorageGroupSoItsClaimsAreWritableWhateverUserItRunsAs() {
    PodSpec imageUser = spec(new ResourceSpec(250, 2000, 256, 3072, 0), null, List.of());
    var context = PodManifests.build(DEFAULTS, "site", imageUser).pod().getSpec();
    assertThat(context.getSecurityContext().getFsGroup()).isEqualTo(100L);
    assertThat(context.getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
    KubernetesProperties site =
        KubernetesSettings.of(Map.of("berth.kubernetes.storage-group", "2000"));
    assertThat(
            PodManifests.build(site, "site", plain())
                .pod()
                .getSpec()
                .getSecurityContext()
                .getFsGroup())
        .isEqualTo(2000L);
  }

  @Test
  void resourcesAreRequestsAndLimits() {
    var resources = container(PodManifests.build(DEFAULTS, "site", plain()).pod()).getResources();
    assertThat(resources.getRequests())
        .containsEntry("cpu", new Quantity("250m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(resources.getLimits())
        .containsEntry("cpu", new Quantity("2000m"))
        .containsEntry("memory", new Quantity("3072Mi"))
        .doesNotContainKey("nvidia.com/gpu");
    assertThat(PodManifests.build(DEFAULTS, "site", plain()).pod().getSpec().getNodeSelector())
        .isEmpty();
  }

  @Test
  void gpusAreAnExtendedResourceOnTheConfiguredNodes() {
    KubernetesProperties gpuSite =
        KubernetesSettings.of(
            Map.of(
                "berth.kubernetes.gpu.node-selector.accelerator", "a100",
                "berth.kubernetes.gpu.tolerations[0].key", "nvidia.com/gpu",
                "berth.kubernetes.gpu.tolerations[0].effect", "NoSchedule"));
    Pod pod =
        PodManifests.build(
                gpuSite, "site", spec(new ResourceSpec(250, 2000, 256, 3072, 2), 999, List.of()))
            .pod();
    assertThat(container(pod).getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("2"));
    assertThat(pod.getSpec().getNodeSelector())
        .containsExactlyEntriesOf(Map.of("accelerator", "a100"));
    assertThat(pod.getSpec().getTolerations())
        .singleElement()
        .satisfies(t -> {
          assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
          assertThat(t.getOperator()).isEqualTo("Exists");
          assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
  }

  @Test
  void labelsNameSiteTenantPodAndGenerationAndAnnotationsKeepTheExactIds() {
    PodManifests.Manifests manifests = PodManifests.build(DEFAULTS, "site", plain());
    for (var metadata :
        List.of(
            manifests.pod().getMetadata(),
            manifests.service().orElseThrow().getMetadata(),
            manifests.secret().getMetadata())) {
      assertThat(metadata.getLabels())
          .containsEntry("io.berth.site", "site")
          .containsEntry("io.berth.tenant", "tacc")
          .containsEntry("io.berth.pod", "mydb")
          .containsEntry("io.berth.generation", "3");
      assertThat(metadata.getNamespace()).isEqualTo("berth-pods");
    }
    assertThat(manifests.pod().getMetadata().getName()).isEqualTo("berth-site-tacc-mydb");
    assertThat(manifests.pod().getMetadata().getAnnotations())
        .containsEntry("io.berth.tenant", "tacc")
        .containsEntry("io.berth.pod", "mydb");
  }

  @Test
  void longOrUnusualIdsGiveValidDistinctNames() {
    String a = ObjectNames.pod("site", new PodKey("tenant", "x".repeat(80) + "a"));
    String b = ObjectNames.pod("site", new PodKey("tenant", "x".repeat(80) + "b"));
    assertThat(a)
        .hasSizeLessThanOrEqualTo(63)
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
        .isNotEqualTo(b);
    assertThat(ObjectNames.labelValue("Tenant With Spaces"))
        .matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  }

  @Test
  void credentialsTravelInASecretReferencedByName() {
    PodManifests.Manifests manifests = PodManifests.build(DEFAULTS, "site", plain());
    Secret secret = manifests.secret();
    assertThat(secret.getData().get("POSTGRES_PASSWORD"))
        .isEqualTo(Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)));
    Container container = container(manifests.pod());
    assertThat(container.getEnv()).isNullOrEmpty();
    assertThat(container.getEnvFrom())
        .singleElement()
        .satisfies(
            e -> assertThat(e.getSecretRef().getName()).isEqualTo(secret.getMetadata().getName()));
    assertThat(manifests.pod().toString()).doesNotContain("s3cret");
  }

  @Test
  void aClusterIpServiceSelectsThePodWithAPortPerEntry() {
    PodSpec twoPorts =
        spec(
            new ResourceSpec(250, 2000, 256, 3072, 0),
            999,
            List.of(new PortSpec("default", 7474, null), new PortSpec("bolt", 7687, null)));
    Service service = PodManifests.build(DEFAULTS, "site", twoPorts).service().orElseThrow();
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getSelector())
        .containsEntry("io.berth.pod", "mydb")
        .doesNotContainKey("io.berth.generation");
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("default:7474", "bolt:7687");
    assertThat(
            PodManifests.build(
                    DEFAULTS, "site", spec(new ResourceSpec(1, 1, 1, 1, 0), 1, List.of()))
                .service())
        .isEmpty();
  }

  @Test
  void volumesAreClaimsAndReadOnlyMountsAreReadOnly() {
    Pod pod = PodManifests.build(DEFAULTS, "site", plain()).pod();
    assertThat(pod.getSpec().getVolumes())
        .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactly("berth-pod-tacc-mydb-data0", "berth-vol-tacc-shared");
    assertThat(container(pod).getVolumeMounts())
        .extracting(m -> m.getMountPath() + ":" + m.getSubPath() + ":" + m.getReadOnly())
        .containsExactly("/var/lib/postgresql/data:null:false", "/shared:sub:true");
  }

  @Test
  void theKubeletProbesReadinessByTcpOrHttp() {
    assertThat(
            container(PodManifests.build(DEFAULTS, "site", plain()).pod())
                .getReadinessProbe()
                .getTcpSocket()
                .getPort()
                .getIntVal())
        .isEqualTo(5432);
    var http = PodManifests.readinessProbe(new ReadinessSpec(8888, "/api")).getHttpGet();
    assertThat(http.getPath()).isEqualTo("/api");
    assertThat(http.getPort().getIntVal()).isEqualTo(8888);
  }

  @Test
  void prometheusScrapingIsOptIn() {
    PodSpec withMetrics =
        spec(
            new ResourceSpec(250, 2000, 256, 3072, 0),
            999,
            List.of(new PortSpec("default", 8080, null), new PortSpec("metrics", 9187, null)));
    assertThat(
            PodManifests.build(DEFAULTS, "site", withMetrics).pod().getMetadata().getAnnotations())
        .doesNotContainKey("prometheus.io/scrape");
    KubernetesProperties scraping =
        KubernetesSettings.of(Map.of("berth.kubernetes.prometheus.scrape", "true"));
    assertThat(
            PodManifests.build(scraping, "site", withMetrics).pod().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "9187")
        .containsEntry("prometheus.io/path", "/metrics");
    assertThat(PodManifests.build(scraping, "site", plain()).pod().getMetadata().getAnnotations())
        .doesNotContainKey("prometheus.io/scrape");
  }

  @Test
  void aNamespacePerTenantWhenConfigured() {
    KubernetesProperties perTenant =
        KubernetesSettings.of(
            Map.of(
                "berth.kubernetes.namespace-per-tenant",
                "true",
                "berth.kubernetes.namespace",
                "pods"));
    assertThat(PodManifests.build(perTenant, "site", plain()).pod().getMetadata().getNamespace())
        .isEqualTo("pods-tacc");
  }
}
