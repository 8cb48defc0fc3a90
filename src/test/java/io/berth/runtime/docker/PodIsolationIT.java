package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.runtime.ContainerState;
import io.berth.runtime.Endpoint;
import io.berth.runtime.MountSpec;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.docker.storage.LocalVolumeStorage;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import io.berth.testing.TestPodSpecs;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * Hostile pods against real Podman: a pod of another tenant, or of the same tenant, cannot connect
 * to a pod's container address, and no pod reaches the host's services (here a listener standing
 * for Berth's API) on any host address, IPv4 or IPv6, except the allowed port (standing for the
 * proxy); the host still reaches pods through their published ports. Root in a pod is not root on
 * the host, and a pod running as uid 1000 writes its storage.
 */
class PodIsolationIT {
  static final String SITE = "isolation";
  static final Path home = TestDatabase.newHome();
  static final String TENANT_A = "ta" + UUID.randomUUID().toString().substring(0, 6);
  static final String TENANT_B = "tb" + UUID.randomUUID().toString().substring(0, 6);
  static FirewalledSite firewalled;
  final List<PodKey> made = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() throws IOException {
    firewalled = FirewalledSite.start(SITE, home, "engine");
  }

  @AfterAll
  static void stop() throws IOException {
    firewalled.close();
  }

  @AfterEach
  void removePods() {
    DockerRuntime runtime = runtime();
    made.forEach(runtime::remove);
  }

  static LocalVolumeStorage storage() {
    return firewalled.storage();
  }

  static Path data(String storageId) {
    return firewalled.data(storageId);
  }

  static String output(DockerRuntime runtime, PodKey key) {
    return runtime
        .observe(key)
        .map(pod -> runtime.readOutput(pod, OutputCursor.START).text())
        .orElse("");
  }

  static DockerRuntime runtime() {
    return firewalled.runtime();
  }

  @Test
  void podsReachNoOtherPodButTheHostReachesThemThroughTheirPublishedPorts() throws Exception {
    DockerRuntime runtime = runtime();
    ObservedPod web = runtime.apply(owned(pod(TENANT_A, "web", null, List.of(), List.of())));
    runtime.apply(pod(TENANT_B, "intruder", null, sleep(), List.of()));
    // alice's other pod shares her network where the host hands bridged frames to the firewall
    runtime.apply(owned(pod(TENANT_A, "sibling", null, sleep(), List.of())));
    String networks = "{{range $name, $n := .NetworkSettings.Networks}}{{$name}}{{end}}";
    if (new HostFirewall(firewalled.rules, "required").filtersBridgedTraffic()) {
      assertThat(inspect(TENANT_A, "sibling", networks))
          .isEqualTo(inspect(TENANT_A, "web", networks))
          .isEqualTo(NetworkNames.podsNetwork(SITE, TENANT_A, "alice"));
    }
    String address = address(TENANT_A, "web");
    Endpoint published = web.endpoints().get(5000);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(get(published)).contains("hello from a berth pod"));
    awaitRunning(runtime, TENANT_B, "intruder");
    awaitRunning(runtime, TENANT_A, "sibling");

    assertThat(connect(TENANT_B, "intruder", address, 5000)).isEqualTo("no connection");
    assertThat(connect(TENANT_A, "sibling", address, 5000)).isEqualTo("no connection");
    // nor a container of no site, on the engine's default network: owners' shared networks are
    // not isolated by the engine (it cost every start), the site's rules keep it out
    assertThat(fromOutside(address, 5000)).isEqualTo("no connection");
    // nor through the port the engine publishes for the proxy, at any host address
    List<String> hosts = new ArrayList<>(hostAddresses());
    hosts.add(gateway(TENANT_B, "intruder"));
    for (String host : hosts) {
      assertThat(connect(TENANT_B, "intruder", host, published.port()))
          .as("the published port at " + host)
          .isEqualTo("no connection");
    }
  }

  @Test
  void podsReachNoHostServiceOnAnyAddressButTheAllowedPort() throws Exception {
    DockerRuntime runtime = runtime();
    runtime.apply(pod(TENANT_B, "prober", null, sleep(), List.of()));
    awaitRunning(runtime, TENANT_B, "prober");
    String gateway = gateway(TENANT_B, "prober");
    List<String> hostAddresses = new ArrayList<>(List.of(gateway));
    hostAddresses.addAll(hostAddresses());
    String bridgeLinkLocal =
        linkLocal(NetworkNames.bridge(SITE, new PodKey(TENANT_B, "prober"), 0));
    if (bridgeLinkLocal != null) {
      hostAddresses.add(bridgeLinkLocal + "%eth0");
    }
    for (String host : hostAddresses) {
      assertThat(connect(TENANT_B, "prober", host, firewalled.api.getLocalPort()))
          .as("Berth's API at " + host)
          .isEqualTo("no connection");
    }
    assertThat(connect(TENANT_B, "prober", gateway, firewalled.proxy.getLocalPort()))
        .as("the proxy's port at the pod's gateway")
        .isEqualTo("berth-proxy");
  }

  @Test
  void rootInAPodIsNotRootOnTheHostAndTenantsGetTheirOwnIds() throws Exception {
    DockerRuntime runtime = runtime();
    String storage = "vol-" + TENANT_A + "-root";
    runtime.apply(
        pod(
            TENANT_A,
            "rooted",
            null,
            List.of("/bin/sh", "-c", "echo mine > /data/by-root; sleep 600"),
            List.of(new MountSpec(storage, "", "/data", false))));
    runtime.apply(pod(TENANT_B, "other", null, sleep(), List.of()));
    awaitRunning(runtime, TENANT_A, "rooted");
    awaitRunning(runtime, TENANT_B, "other");

    long baseA = hostRootOf(TENANT_A, "rooted");
    long baseB = hostRootOf(TENANT_B, "other");
    assertThat(baseA).isNotZero();
    assertThat(baseB).isNotZero().isNotEqualTo(baseA);
    Path written = data(storage).resolve("by-root");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(written));
    assertThat(uid(written)).isEqualTo(baseA);
  }

  @Test
  void aPodRunningAsUid1000WritesItsDataDirectoryAndAVolumeMadeByBerth() throws Exception {
    // a volume as Berth makes it (root, 0755) holding a file Berth wrote (root, 0644)
    String volume = "vol-" + TENANT_A + "-shared";
    storage().create(volume);
    Path volumeDir = data(volume);
    Files.setPosixFilePermissions(volumeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(volumeDir.resolve("uploaded.txt"), "from berth\n");
    String data = "pod-" + TENANT_A + "-notebook-data0";
    List<MountSpec> mounts =
        List.of(
            new MountSpec(data, "", "/home/jovyan/work", false),
            new MountSpec(volume, "", "/vol", false),
            new MountSpec(volume, "results/2024", "/results", false));
    DockerRuntime runtime = runtime();
    String script =
        "id; echo a > /home/jovyan/work/notes && echo b > /vol/by-1000 && cat /vol/uploaded.txt"
            + " && echo c > /results/r && echo written; sleep 600";
    runtime.apply(pod(TENANT_A, "notebook", 1000, List.of("/bin/sh", "-c", script), mounts));
    PodKey notebook = new PodKey(TENANT_A, "notebook");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(output(runtime, notebook)).contains("written"));
    assertThat(output(runtime, notebook)).contains("from berth");

    // a root pod of the same tenant shares the volume through the storage group
    runtime.apply(
        pod(
            TENANT_A,
            "rootmate",
            null,
            List.of("/bin/sh", "-c", "echo d > /vol/by-root && echo shared; sleep 600"),
            List.of(new MountSpec(volume, "", "/vol", false))));
    PodKey rootmate = new PodKey(TENANT_A, "rootmate");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(output(runtime, rootmate)).contains("shared"));
    long base = hostRootOf(TENANT_A, "notebook");
    assertThat(uid(volumeDir.resolve("by-1000"))).isEqualTo(base + 1000);
    assertThat(uid(data(data).resolve("notes"))).isEqualTo(base + 1000);
    // the sub_path's directories, made by the storage and pinned, went to the pod's user too
    assertThat(uid(volumeDir.resolve("results/2024"))).isEqualTo(base + 1000);
    assertThat(uid(volumeDir.resolve("results/2024/r"))).isEqualTo(base + 1000);
  }

  @Test
  void theFirewallRulesGoWithTheSitesLastNetwork() {
    String site = "fwgone";
    FirewallRules own = siteRules(site);
    DockerRuntime runtime = firewalledRuntime(site, own);
    PodKey key = new PodKey(TENANT_A, "brief");
    runtime.apply(pod(TENANT_A, "brief", null, sleep(), List.of()));
    assertThat(iptables("-S", own.inputChain())).contains(own.fingerprint());
    assertThat(iptables("-S", "INPUT")).contains(own.inputChain());

    runtime.remove(key);
    assertThat(
            TestEngine.podman(
                "network", "ls", "-q", "--filter", "name=" + NetworkNames.network(site, key)))
        .isBlank();
    firewalledRuntime(site, own).observeAll(); // a fresh process's first pass sweeps at once
    assertThat(iptables("-S", "INPUT")).doesNotContain(own.inputChain());
    assertThat(iptables("-S", "FORWARD")).doesNotContain(own.forwardChain());
    // nor do the isolation rules Podman's CNI plugin made for the removed bridge
    assertThat(iptables("-S", "CNI-ISOLATION-STAGE-1")).doesNotContain(own.bridgePrefix());
  }

  @Test
  void aBerthStoppingWithNoPodNetworkLeftTakesItsRulesAwayAndKeepsThemOtherwise() {
    String site = "fwstop";
    FirewallRules own = siteRules(site);
    DockerRuntime runtime = firewalledRuntime(site, own);
    PodKey key = new PodKey(TENANT_A, "stays");
    runtime.apply(pod(TENANT_A, "stays", null, sleep(), List.of()));

    runtime.close(); // the pod keeps running: so do its rules
    assertThat(iptables("-S", "INPUT")).contains(own.inputChain());

    runtime.remove(key);
    runtime.close();
    assertThat(iptables("-S", "INPUT")).doesNotContain(own.inputChain());
    assertThat(iptables("-S", "FORWARD")).doesNotContain(own.forwardChain());
  }

  @Test
  void aTestSiteRemovedLeavesNothingOnTheHost() {
    // a test's Berth stops right after its last pod, long before its sweep would take the network
    String site = "fwleft";
    FirewallRules own = siteRules(site);
    DockerRuntime runtime = firewalledRuntime(site, own);
    runtime.apply(owned(pod(TENANT_A, "last", null, sleep(), List.of())));
    runtime.close();

    TestEngine.removeSite(site);
    String label = "label=io.berth.site=" + site;
    assertThat(TestEngine.podman("ps", "-aq", "--filter", label)).isBlank();
    assertThat(TestEngine.podman("network", "ls", "-q", "--filter", label)).isBlank();
    assertThat(iptables("-S", "INPUT")).doesNotContain(own.inputChain());
    assertThat(iptables("-S", "FORWARD")).doesNotContain(own.forwardChain());
  }

  static FirewallRules siteRules(String site) {
    return new FirewallRules(
        NetworkNames.bridgePrefix(site), NetworkNames.siteTag(site), List.of());
  }

  /** A runtime of its own site whose host firewall rules are required, as a real host has them. */
  DockerRuntime firewalledRuntime(String site, FirewallRules own) {
    return firewalled.runtime(site, own);
  }

  PodSpec pod(
      String tenant, String podId, Integer user, List<String> command, List<MountSpec> mounts) {
    PodKey key = new PodKey(tenant, podId);
    made.add(key);
    return TestPodSpecs.of(key, TestImages.BUSYBOX_HTTPD)
        .command(command)
        .ports(new PortSpec("default", 5000, null))
        .mounts(mounts)
        .runAsUser(user)
        .build();
  }

  /** The pod as alice's: it joins the network her pods share. */
  static PodSpec owned(PodSpec p) {
    return TestPodSpecs.from(p).owner("alice").build();
  }

  static List<String> sleep() {
    return List.of("/bin/sh", "-c", "sleep 600");
  }

  static void awaitRunning(DockerRuntime runtime, String tenant, String podId) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            runtime
                .observe(new PodKey(tenant, podId))
                .map(o -> o.state() == ContainerState.RUNNING)
                .orElse(false));
  }

  /** What the pod got when it connected: the listener's greeting, or "no connection". */
  static String connect(String tenant, String podId, String host, int port) {
    String out =
        exec(
            tenant,
            podId,
            "/bin/sh",
            "-c",
            "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + host + " " + port + " 2>/dev/null");
    if (out.contains("hello from a berth pod")) {
      return "hello from a berth pod";
    }
    if (out.contains("berth-api") || out.contains("berth-proxy")) {
      return out.contains("berth-api") ? "berth-api" : "berth-proxy";
    }
    return "no connection";
  }

  /** What a container outside any site, on the engine's default network, gets from host:port. */
  static String fromOutside(String host, int port) {
    String out =
        TestEngine.podman(
            "run",
            "--rm",
            TestImages.BUSYBOX_HTTPD,
            "/bin/sh",
            "-c",
            "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 "
                + host
                + " "
                + port
                + "; echo outsider ran");
    assertThat(out).as("the outsider container ran").contains("outsider ran");
    return out.contains("hello from a berth pod") ? "hello from a berth pod" : "no connection";
  }

  static String exec(String tenant, String podId, String... command) {
    List<String> args =
        new ArrayList<>(List.of("exec", ContainerNames.name(SITE, new PodKey(tenant, podId))));
    args.addAll(List.of(command));
    try {
      return TestEngine.podman(args.toArray(String[]::new));
    } catch (IllegalStateException e) {
      return e.getMessage(); // a non-zero exit: nc could not connect
    }
  }

  static String address(String tenant, String podId) {
    return inspect(tenant, podId, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
  }

  static String gateway(String tenant, String podId) {
    return inspect(tenant, podId, "{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}");
  }

  static String inspect(String tenant, String podId, String format) {
    return TestEngine.podman(
            "inspect", "-f", format, ContainerNames.name(SITE, new PodKey(tenant, podId)))
        .strip();
  }

  /** The host id that the pod's root is (the second field of /proc/self/uid_map). */
  static long hostRootOf(String tenant, String podId) {
    String map = exec(tenant, podId, "cat", "/proc/self/uid_map").strip();
    String[] fields = map.lines().findFirst().orElseThrow().strip().split("\\s+");
    assertThat(fields[0]).isEqualTo("0");
    return Long.parseLong(fields[1]);
  }

  /** The host's own IPv4 addresses outside pod networks (its LAN address, as a pod sees it). */
  static List<String> hostAddresses() throws IOException {
    List<String> found = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback() || nic.getName().startsWith("brt")) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          found.add(a.getHostAddress());
        }
      }
    }
    return found;
  }

  static String linkLocal(String bridge) throws IOException {
    NetworkInterface nic = NetworkInterface.getByName(bridge);
    if (nic == null) {
      return null;
    }
    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
      if (a instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
        String text = v6.getHostAddress();
        return text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
      }
    }
    return null;
  }

  static long uid(Path path) throws IOException {
    return ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
        & 0xFFFF_FFFFL;
  }

  static String get(Endpoint endpoint) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://" + endpoint.host() + ":" + endpoint.port() + "/"))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static String iptables(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of("iptables"));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
