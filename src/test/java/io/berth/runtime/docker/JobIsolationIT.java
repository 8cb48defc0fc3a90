package io.berth.runtime.docker;

import static io.berth.runtime.docker.PodIsolationIT.hostAddresses;
import static io.berth.runtime.docker.PodIsolationIT.iptables;
import static io.berth.runtime.docker.PodIsolationIT.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.runtime.ContainerState;
import io.berth.runtime.JobKey;
import io.berth.runtime.MountSpec;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import io.berth.testing.TestJobSpecs;
import io.berth.testing.TestPodSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile jobs against real Podman, as {@link PodIsolationIT} for pods: a job (an OGC process's
 * container) reaches no pod, not even its owner's, and no host service (a listener standing for
 * Berth's API, the ports the engine publishes) on any host address but the allowed port; it runs in
 * its tenant's user namespace, without capabilities or new privileges, on a read-only root.
 */
class JobIsolationIT {
  static final String SITE = "jobisolation";
  static final String TENANT = "tj" + UUID.randomUUID().toString().substring(0, 6);
  static FirewalledSite firewalled;
  final List<PodKey> pods = Collections.synchronizedList(new ArrayList<>());
  final List<JobKey> jobs = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() throws IOException {
    firewalled = FirewalledSite.start(SITE, TestDatabase.newHome(), "engine-jobs");
  }

  @AfterAll
  static void stop() throws IOException {
    firewalled.close();
  }

  @AfterEach
  void removeWhatWasMade() {
    DockerRuntime runtime = runtime();
    jobs.forEach(runtime::removeJob);
    pods.forEach(runtime::remove);
  }

  static DockerRuntime runtime() {
    return firewalled.runtime();
  }

  @Test
  void aJobReachesNoPodAndNoHostServiceButTheAllowedPort() throws Exception {
    DockerRuntime runtime = runtime();
    var web = runtime.apply(pod("web"));
    runtime.startJob(job("prober", sleep()).build());
    awaitRunning(runtime, "prober");
    var endpoint = web.endpoints().get(5000);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(PodIsolationIT.get(endpoint)).contains("hello from a berth pod"));
    String podAddress =
        TestEngine.podman(
                "inspect",
                "-f",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                ContainerNames.name(SITE, new PodKey(TENANT, "web")))
            .strip();
    int published = endpoint.port();
    String gateway = inspect("prober", "{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}");
    assertThat(gateway).as("the job's own network").isNotBlank();

    // the owner's own pod, directly and through the port the engine publishes for the proxy
    assertThat(connect("prober", podAddress, 5000)).isEqualTo("no connection");
    List<String> hosts = new ArrayList<>(List.of(gateway));
    hosts.addAll(hostAddresses());
    for (String host : hosts) {
      assertThat(connect("prober", host, published))
          .as("the pod's published port at " + host)
          .isEqualTo("no connection");
      assertThat(connect("prober", host, firewalled.api.getLocalPort()))
          .as("Berth's API at " + host)
          .isEqualTo("no connection");
    }
    assertThat(connect("prober", gateway, firewalled.proxy.getLocalPort()))
        .as("the proxy's port at the job's gateway")
        .isEqualTo("berth-proxy");

    // the pods' sweep of a fresh process keeps the rules while a job network is left
    runtime().observeAll();
    assertThat(iptables("-S", "INPUT")).contains(firewalled.rules.inputChain());
    runtime.removeJob(new JobKey(TENANT, "prober"));
    assertThat(FirewalledSite.hasNetwork(NetworkNames.network(SITE, new JobKey(TENANT, "prober"))))
        .as("the job's network goes with it")
        .isFalse();
  }

  @Test
  void aJobWithoutNetworkAccessHasLoopbackOnlyAndNoNetworkToRemove() throws Exception {
    DockerRuntime runtime = runtime();
    runtime.startJob(job("offline", sleep()).owner("carol").networkAccess(false).build());
    JobKey key = new JobKey(TENANT, "offline");
    awaitRunning(runtime, "offline");
    assertThat(
            TestEngine.podman("exec", JobContainers.name(SITE, key), "ls", "/sys/class/net")
                .strip())
        .as("loopback only")
        .isEqualTo("lo");
    for (String host : hostAddresses()) {
      assertThat(connect("offline", host, firewalled.proxy.getLocalPort()))
          .as("even the proxy's port at " + host)
          .isEqualTo("no connection");
    }
    assertThat(FirewalledSite.hasNetwork(NetworkNames.jobsNetwork(SITE, TENANT, "carol")))
        .as("no jobs network made for it")
        .isFalse();
  }

  @Test
  void oneUsersJobsShareANetworkThatNoOtherUsersJobIsOn() throws Exception {
    DockerRuntime runtime = runtime();
    String serve = "echo served-to-a-job > /tmp/index.html; httpd -f -p 8080 -h /tmp";
    runtime.startJob(job("server", List.of("/bin/sh", "-c", serve)).owner("alice").build());
    runtime.startJob(job("mate", sleep()).owner("alice").build());
    runtime.startJob(job("stranger", sleep()).owner("bob").build());
    for (String jobId : List.of("server", "mate", "stranger")) {
      awaitRunning(runtime, jobId);
    }
    String networks = "{{range $name, $n := .NetworkSettings.Networks}}{{$name}}{{end}}";
    assertThat(inspect("mate", networks))
        .as("made once for alice's jobs")
        .isEqualTo(inspect("server", networks))
        .isEqualTo(NetworkNames.jobsNetwork(SITE, TENANT, "alice"));
    assertThat(inspect("stranger", networks))
        .isEqualTo(NetworkNames.jobsNetwork(SITE, TENANT, "bob"));
    String address = inspect("server", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fetch("mate", address, 8080).contains("served-to-a-job"));
    assertThat(fetch("stranger", address, 8080)).as("another user's job").isEqualTo("");

    // the network stays while one of alice's jobs is left, and a job made meanwhile joins it
    runtime.removeJob(new JobKey(TENANT, "server"));
    runtime.removeJob(new JobKey(TENANT, "mate"));
    assertThat(FirewalledSite.hasNetwork(NetworkNames.jobsNetwork(SITE, TENANT, "alice")))
        .as("kept for alice's next job (the sweep removes it when idle)")
        .isTrue();
  }

  @Test
  void aJobRunsInItsTenantsIdRangeWithoutPrivilegesOnAReadOnlyRoot() throws Exception {
    String storage = "vol-" + TENANT + "-jobout";
    DockerRuntime runtime = runtime();
    runtime.apply(pod("mate"));
    String script =
        "cat /proc/self/uid_map; grep -E 'CapEff|NoNewPrivs' /proc/self/status;"
            + " (echo x > /etc/written) 2>/dev/null && echo root-writable || echo root-read-only;"
            + " echo t > /tmp/t && echo tmp-writable; echo result > /outputs/out && echo done";
    runtime.startJob(
        job("worker", List.of("/bin/sh", "-c", script))
            .mounts(List.of(new MountSpec(storage, "", "/outputs", false)))
            .build());
    JobKey worker = new JobKey(TENANT, "worker");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            runtime.observeJob(worker).map(ObservedJob::state).orElse(null)
                == ContainerState.EXITED);
    String log = runtime.jobLog(worker, 10_000);
    assertThat(log)
        .contains("root-read-only", "tmp-writable", "done")
        .doesNotContain("root-writable");
    assertThat(log).containsPattern("CapEff:\\s+0+\\n").containsPattern("NoNewPrivs:\\s+1");
    String[] map = log.lines().findFirst().orElseThrow().strip().split("\\s+");
    long base = Long.parseLong(map[1]);
    assertThat(map[0]).isEqualTo("0");
    assertThat(base).as("root in the job is not root on the host").isNotZero();
    assertThat(base).as("the tenant's range, as its pods").isEqualTo(hostRootOfPod("mate"));
    Path out = firewalled.data(storage).resolve("out");
    assertThat(Files.readString(out)).isEqualTo("result\n");
    assertThat(uid(out)).isEqualTo(base);
  }

  PodSpec pod(String podId) {
    PodKey key = new PodKey(TENANT, podId);
    pods.add(key);
    return TestPodSpecs.of(key, TestImages.BUSYBOX_HTTPD)
        .ports(new PortSpec("default", 5000, null))
        .build();
  }

  /** A job of the busybox image, removed after the test. */
  TestJobSpecs job(String jobId, List<String> command) {
    JobKey key = new JobKey(TENANT, jobId);
    jobs.add(key);
    return TestJobSpecs.of(key, TestImages.BUSYBOX_HTTPD).command(command);
  }

  /** What a job got from an HTTP server, or "" when it could not connect. */
  static String fetch(String jobId, String host, int port) {
    try {
      return request(jobId, host, port);
    } catch (IllegalStateException e) {
      return ""; // a non-zero exit: no connection
    }
  }

  /** A GET the job sends with nc; a non-zero exit (no connection) throws. */
  static String request(String jobId, String host, int port) {
    return TestEngine.podman(
        "exec",
        JobContainers.name(SITE, new JobKey(TENANT, jobId)),
        "/bin/sh",
        "-c",
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + host + " " + port + " 2>/dev/null");
  }

  static List<String> sleep() {
    return List.of("/bin/sh", "-c", "sleep 600");
  }

  static void awaitRunning(DockerRuntime runtime, String jobId) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            runtime
                .observeJob(new JobKey(TENANT, jobId))
                .map(o -> o.state() == ContainerState.RUNNING)
                .orElse(false));
  }

  static long hostRootOfPod(String podId) {
    String map =
        TestEngine.podman(
                "exec",
                ContainerNames.name(SITE, new PodKey(TENANT, podId)),
                "cat",
                "/proc/self/uid_map")
            .strip();
    return Long.parseLong(map.lines().findFirst().orElseThrow().strip().split("\\s+")[1]);
  }

  static String inspect(String jobId, String format) {
    return TestEngine.podman(
            "inspect", "-f", format, JobContainers.name(SITE, new JobKey(TENANT, jobId)))
        .strip();
  }

  /** What the job got when it connected: a greeting, or "no connection". */
  static String connect(String jobId, String host, int port) {
    String out;
    try {
      out = request(jobId, host, port);
    } catch (IllegalStateException e) {
      out = e.getMessage(); // a non-zero exit: nc could not connect
    }
    for (String greeting : List.of("hello from a berth pod", "berth-api", "berth-proxy")) {
      if (out.contains(greeting)) {
        return greeting;
      }
    }
    return "no connection";
  }
}
