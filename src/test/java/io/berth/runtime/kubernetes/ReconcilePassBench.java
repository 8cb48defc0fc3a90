package io.berth.runtime.kubernetes;

import io.berth.pods.Pod;
import io.berth.pods.PodObserved;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.pods.reconcile.ContainerRecord;
import io.berth.pods.reconcile.Decision;
import io.berth.pods.reconcile.Planner;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.ReadinessSpec;
import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.testing.PodDefinitions;
import io.berth.testing.TestPodSpecs;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * bench/kubernetes: the Kubernetes side of a reconcile pass over N running pods with nothing
 * changed, against fabric8's mock API server. The pass is what {@code Reconciler.fullPass} does
 * with the runtime: one {@code observeAll()}, then the planner's decision for every pod. Prints the
 * pass duration and the requests the mock server received during it. A benchmark, not a test: it
 * asserts nothing.
 */
public final class ReconcilePassBench {
  private static final String SITE = "bench";
  // held strongly (JUL keeps loggers weakly): the mock server logs every request at INFO
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private ReconcilePassBench() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(System.getProperty("pods", "5000"));
    int passes = Integer.parseInt(System.getProperty("passes", "5"));
    KubernetesProperties properties = KubernetesProperties.defaults();
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    try (MockCluster cluster = MockCluster.start();
        KubernetesClient client = cluster.newClient()) {
      long seedStart = System.nanoTime();
      List<Pod> desired = seed(client, properties, count);
      System.out.printf(
          "seeded %d running pods with their services in %d ms%n",
          count, (System.nanoTime() - seedStart) / 1_000_000);

      try (KubernetesRuntime runtime = new KubernetesRuntime(client, properties, SITE).start()) {
        long syncStart = System.nanoTime();
        if (!runtime.awaitSynced(Duration.ofMinutes(2))) {
          throw new IllegalStateException("the informers did not sync");
        }
        System.out.printf(
            "informers synced (one list and one watch per kind) in %d ms%n",
            (System.nanoTime() - syncStart) / 1_000_000);

        awaitWatches(cluster);
        List<Long> durations = new ArrayList<>();
        int requests = 0;
        List<String> seen = new ArrayList<>();
        Map<String, Integer> decisions = Map.of();
        for (int i = 0; i < passes; i++) {
          int before = cluster.requests();
          long start = System.nanoTime();
          decisions = pass(runtime, desired);
          durations.add(System.nanoTime() - start);
          requests += cluster.requests() - before;
          seen.addAll(cluster.requestsSince(before));
        }
        List<Long> sorted = durations.stream().sorted().toList();
        System.out.printf("decisions per pass: %s%n", decisions);
        System.out.printf(
            "pass over %d pods, nothing changed: first %.1f ms, median %.1f ms, max %.1f ms (target"
                + " < 2000 ms)%n",
            count, ms(durations.get(0)), ms(sorted.get(sorted.size() / 2)), ms(sorted.getLast()));
        System.out.printf(
            "requests to the API server during %d passes: %d (%.3f per pod per pass; target 0)%n",
            passes, requests, (double) requests / count / passes);
        seen.forEach(r -> System.out.println("  request during a pass: " + r));
      }
    }
    // the mock server's watch handler can wait long on close; nothing is left to clean up
    System.exit(0);
  }

  /** The informers open their watches just after their first list: not part of any pass. */
  private static void awaitWatches(MockCluster cluster) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cluster.requestsSince(0).stream().filter(r -> r.contains("watch=true")).count() < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /** One pass: observe everything from the informers' cache, decide for every pod. */
  private static Map<String, Integer> pass(KubernetesRuntime runtime, List<Pod> desired) {
    Map<PodKey, ObservedPod> observed = new HashMap<>();
    for (ObservedPod o : runtime.observeAll()) {
      observed.put(o.key(), o);
    }
    Instant now = Instant.now();
    Map<String, Integer> decisions = new HashMap<>();
    for (Pod pod : desired) {
      Decision decision =
          Planner.decide(
              pod, Optional.ofNullable(observed.get(new PodKey(pod.tenant(), pod.podId()))), now);
      decisions.merge(decision.getClass().getSimpleName(), 1, Integer::sum);
    }
    return decisions;
  }

  /** Pods as Berth would have made them, already running and ready, and their Berth records. */
  private static List<Pod> seed(KubernetesClient client, KubernetesProperties properties, int count)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Pod>> made = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = i;
      made.add(pool.submit(() -> seedOne(client, properties, n)));
    }
    List<Pod> desired = new ArrayList<>();
    for (Future<Pod> f : made) {
      desired.add(f.get());
    }
    pool.shutdown();
    return desired;
  }

  private static Pod seedOne(KubernetesClient client, KubernetesProperties properties, int n) {
    String tenant = "tenant" + (n % 10);
    String podId = "pod" + n;
    PodSpec spec =
        TestPodSpecs.of(new PodKey(tenant, podId), "localhost/bench/httpd:1")
            .ports(new PortSpec("default", 5000, null))
            .runAsUser(1000)
            .readiness(new ReadinessSpec(5000, null))
            .build();
    PodManifests.Manifests manifests = PodManifests.build(properties, SITE, spec);
    client.resource(manifests.service().orElseThrow()).create();
    io.fabric8.kubernetes.api.model.Pod pod = manifests.pod();
    String now = Instant.now().toString();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withStartTime(now)
            .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(PodManifests.CONTAINER)
                    .withReady(true)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(now)
                    .endRunning()
                    .endState()
                    .build())
            .build());
    client.resource(pod).create();
    Instant created = Instant.now();
    return new Pod(
        new io.berth.runtime.PodKey(tenant, podId),
        PodDefinitions.of(spec.image())
            .networking(Map.of("default", Networking.http(5000)))
            .resources(new Resources(100, 500, 32, 64, 0))
            .timeToStopDefault(-1)
            .build(),
        StatusRequested.ON,
        new PodObserved(
            PodStatus.AVAILABLE,
            ContainerRecord.EMPTY.started(1).toStatus("running"),
            null,
            created,
            null,
            null,
            null),
        1,
        created,
        created,
        "bench",
        podId);
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
