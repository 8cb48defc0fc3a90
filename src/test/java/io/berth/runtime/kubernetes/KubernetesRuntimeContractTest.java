package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ContainerRuntimeContract;
import io.berth.runtime.ContainerState;
import io.berth.runtime.Endpoint;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.testing.TestPodSpecs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime contract against fabric8's mock API server in CRUD mode, with {@link FakeKubelet}
 * playing the scheduler and the nodes. No real cluster: it runs with the unit tests.
 */
class KubernetesRuntimeContractTest extends ContainerRuntimeContract {
  static final String SITE = "contract";
  static final String IMAGE = "localhost/berth-test/busybox-httpd:1";
  static MockCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;
  static KubernetesRuntime runtime;

  /** Gives pods no time for a first verdict: apply returns before the kubelet says anything. */
  static KubernetesRuntime impatient;

  /** Each tenant in its own namespace, watched across all namespaces. */
  static KubernetesRuntime perTenant;

  static final KubernetesProperties PER_TENANT =
      KubernetesSettings.of(
          java.util.Map.of(
              "berth.kubernetes.namespace-per-tenant", "true",
              "berth.kubernetes.namespace", "tenants"));

  static KubernetesProperties properties = KubernetesProperties.defaults();

  @BeforeAll
  static void startCluster() {
    cluster = MockCluster.start();
    client = cluster.newClient();
    kubelet = new FakeKubelet(cluster.newClient(), Set.of(IMAGE));
    cluster.logs(kubelet::log);
    cluster.exec(kubelet::execSession);
    runtime = new KubernetesRuntime(client, properties, SITE).start();
    runtime.awaitSynced(Duration.ofSeconds(10));
    KubernetesProperties quick =
        KubernetesSettings.of(java.util.Map.of("berth.kubernetes.start-wait", "1ms"));
    impatient = new KubernetesRuntime(client, quick, SITE).start();
    impatient.awaitSynced(Duration.ofSeconds(10));
    perTenant = new KubernetesRuntime(client, PER_TENANT, "pertenant").start();
    perTenant.awaitSynced(Duration.ofSeconds(10));
  }

  /** The server first: the mock blocks for seconds when a watch is closed while it runs. */
  @AfterAll
  static void stopCluster() {
    cluster.close();
    runtime.close();
    impatient.close();
    perTenant.close();
    kubelet.close();
    client.close();
  }

  @Override
  protected ContainerRuntime runtime() {
    return runtime;
  }

  @Override
  protected String image() {
    return IMAGE;
  }

  /** A ClusterIP answers when its Service selects a pod whose Ready condition is True. */
  @Override
  protected boolean answers(Endpoint endpoint) {
    for (Service service : client.services().inAnyNamespace().list().getItems()) {
      boolean match =
          endpoint.host().equals(service.getSpec().getClusterIP())
              && service.getSpec().getPorts().stream()
                  .anyMatch(p -> p.getPort() == endpoint.port());
      if (match) {
        return client
            .pods()
            .inNamespace(service.getMetadata().getNamespace())
            .withLabels(service.getSpec().getSelector())
            .list()
            .getItems()
            .stream()
            .anyMatch(KubernetesRuntimeContractTest::ready);
      }
    }
    return false;
  }

  @Override
  protected String exec(PodKey key, String... command) {
    return kubelet.exec(
        ObjectNames.namespace(properties, key.tenant()), ObjectNames.pod(SITE, key), command);
  }

  @Test
  void outOfMemoryIsReportedAsOomKilled() {
    runtime().apply(spec("hungry", 1, List.of("/bin/sh", "-c", "sleep 600"), List.of()));
    PodKey key = new PodKey(tenant, "hungry");
    await().atMost(Duration.ofSeconds(20)).until(() -> state(key) == ContainerState.RUNNING);
    kubelet.oomKill(ObjectNames.namespace(properties, tenant), ObjectNames.pod(SITE, key));
    await().atMost(Duration.ofSeconds(20)).until(() -> state(key) == ContainerState.EXITED);
    ObservedPod pod = runtime().observe(key).orElseThrow();
    assertThat(pod.oomKilled()).isTrue();
    assertThat(pod.exitCode()).isEqualTo(137);
  }

  @Test
  void anUnschedulablePodIsEndedWithTheSchedulersReason() {
    kubelet.unschedulable(ObjectNames.pod(SITE, new PodKey(tenant, "huge")));
    ObservedPod pod = runtime().apply(spec("huge", 1, List.of(), List.of()));
    assertThat(pod.state()).isEqualTo(ContainerState.EXITED);
    assertThat(pod.error()).startsWith("Unschedulable: 0/3 nodes are available");
  }

  @Test
  void anImageMissingOnlyAfterTheStartWaitIsAnErrorOnObservation() {
    try {
      kubelet.holdPullFailures();
      PodKey key = new PodKey(tenant, "slowpull");
      PodSpec spec = spec("slowpull", 1, List.of(), List.of());
      PodSpec missing = TestPodSpecs.from(spec).image("registry.example/missing:1").build();
      assertThat(impatient.apply(missing).state()).isEqualTo(ContainerState.UNKNOWN);
      kubelet.releasePullFailures();
      await().atMost(Duration.ofSeconds(20)).until(() -> state(key) == ContainerState.EXITED);
      assertThat(runtime().observe(key).orElseThrow().error())
          .startsWith("ErrImagePull: pull access denied for registry.example/missing:1");
    } finally {
      kubelet.releasePullFailures();
    }
  }

  @Test
  void aTenantsNamespaceIsMadeOnFirstUseWithItsIsolation() {
    PodKey key = new PodKey(tenant, "own");
    perTenant.apply(spec("own", 1, List.of(), List.of()));
    String namespace = "tenants-" + tenant;
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            perTenant.observe(key).map(ObservedPod::state).orElse(null) == ContainerState.RUNNING);
    assertThat(client.namespaces().withName(namespace).get().getMetadata().getLabels())
        .containsEntry(ObjectNames.TENANT, tenant);
    assertThat(
            client.pods().inNamespace(namespace).withName(ObjectNames.pod("pertenant", key)).get())
        .isNotNull();
    assertThat(client.network().v1().networkPolicies().inNamespace(namespace).list().getItems())
        .hasSize(1);
    assertThat(perTenant.observeAll()).extracting(ObservedPod::key).contains(key);
    perTenant.remove(key);
    assertThat(perTenant.observe(key)).isEmpty();
  }

  @Test
  void observingMakesNoApiCall() {
    runtime().apply(spec("quiet", 1, List.of(), List.of()));
    PodKey key = new PodKey(tenant, "quiet");
    // the fake kubelet's own calls end once the pod runs
    await().atMost(Duration.ofSeconds(20)).until(() -> state(key) == ContainerState.RUNNING);
    int before = cluster.requests();
    for (int i = 0; i < 100; i++) {
      runtime().observeAll();
      runtime().observe(key);
    }
    assertThat(cluster.requestsSince(before)).isEmpty();
  }

  private ContainerState state(PodKey key) {
    return runtime().observe(key).map(ObservedPod::state).orElse(null);
  }

  private static boolean ready(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(PodCondition::getStatus)
        .anyMatch("True"::equals);
  }
}
