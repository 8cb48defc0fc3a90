package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.config.BerthProperties;
import io.berth.runtime.ContainerState;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.docker.storage.LocalVolumeStorage;
import io.berth.testing.MemoryTenantSlots;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import io.berth.testing.TestPodSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an engine call cut short leaves in a pod's way, made for real on Podman, and cleared by the
 * next apply, which says what it removed: a name Podman's storage holds for a create killed before
 * it was recorded, a half-made container that cannot start, a container without Berth's labels
 * holding the name. (EngineCrashIT kills Berth and its Podman service together; these are the
 * leftovers such kills leave, made deterministically.)
 */
class InterruptedEngineCallsIT {
  static final String SITE = "leftover";
  static final Path home = TestDatabase.newHome();
  static EngineConnection engine;
  static DockerRuntime runtime;

  final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  final List<PodKey> made = new ArrayList<>();

  @BeforeAll
  static void connect() {
    DockerProperties properties =
        new DockerProperties(
            "docker", TestEngine.host(), null, null, false, null, null, null, null, null);
    engine = new EngineConnection(properties, home.resolve("engine"));
    BerthProperties berth = new BerthProperties(home.toString(), 0, SITE, null);
    runtime =
        new DockerRuntime(
            engine,
            SITE,
            new LocalVolumeStorage(berth, true),
            properties,
            new MemoryTenantSlots(100),
            new HostFirewall(
                new FirewallRules(
                    NetworkNames.bridgePrefix(SITE), NetworkNames.siteTag(SITE), List.of()),
                "auto"));
    TestImages.busyboxHttpd();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @AfterEach
  void removeWhatWasMade() {
    made.forEach(runtime::remove);
  }

  PodSpec spec(String podId) {
    PodKey key = new PodKey(tenant, podId);
    made.add(key);
    return TestPodSpecs.of(key, TestImages.BUSYBOX_HTTPD)
        .ports(new PortSpec("default", 5000, null))
        .build();
  }

  String name(PodSpec spec) {
    return ContainerNames.name(SITE, spec.key());
  }

  /** Every container holding the name, those only Podman's storage knows included. */
  List<String> holders(String name) {
    return TestEngine.podman(
            "ps", "-a", "--external", "--filter", "name=^" + name + "$", "--format", "{{.Status}}")
        .lines()
        .toList();
  }

  ObservedPod applied(PodSpec spec, String cleared) {
    ObservedPod pod = runtime.apply(spec);
    assertThat(pod.state()).isEqualTo(ContainerState.RUNNING);
    assertThat(pod.generation()).isEqualTo(1);
    assertThat(pod.cleared()).singleElement().asString().contains(cleared);
    assertThat(holders(name(spec))).hasSize(1);
    return pod;
  }

  @Test
  void aNameHeldOnlyInTheEnginesStorageIsFreed() throws Exception {
    PodSpec spec = spec("cutshort");
    createKilledBeforeItIsRecorded(name(spec));
    assertThat(holders(name(spec))).singleElement().asString().contains("Storage");
    applied(spec, "freed the container name " + name(spec));
  }

  @Test
  void aHalfMadeContainerThatCannotStartIsReplaced() throws IOException {
    PodSpec spec = spec("halfmade");
    Path gone = Files.createTempDirectory("berth-gone");
    List<String> create = new ArrayList<>(List.of("create", "--name", name(spec)));
    ContainerNames.labels(SITE, spec.key(), 1)
        .forEach((k, v) -> create.addAll(List.of("--label", k + "=" + v)));
    create.addAll(List.of("-v", gone + ":/data", TestImages.BUSYBOX_HTTPD));
    TestEngine.podman(create.toArray(String[]::new));
    Files.delete(gone); // what it mounts is gone: every start fails, as with a half-set-up network
    applied(spec, "left created by an interrupted start and unable to start");
  }

  @Test
  void aContainerWithoutBerthsLabelsHoldingTheNameIsRemoved() {
    PodSpec spec = spec("squatted");
    TestEngine.podman("create", "--name", name(spec), TestImages.BUSYBOX_HTTPD);
    applied(spec, "without Berth's labels");
  }

  /**
   * A {@code podman create} killed (strace injects SIGKILL) at its first write to Podman's own
   * database: the container's storage, holding the name, is made; its record never is.
   */
  static void createKilledBeforeItIsRecorded(String name) throws Exception {
    assumeTrue(
        new ProcessBuilder("strace", "-V").start().waitFor() == 0,
        "strace is needed to cut a create short: apt-get install strace");
    Path root =
        Path.of(TestEngine.podman("info", "--format", "{{.Store.GraphRoot}}").strip(), "libpod");
    Path db =
        Files.exists(root.resolve("bolt_state.db"))
            ? root.resolve("bolt_state.db")
            : root.resolve("db.sql");
    Path conf = TestEngine.containersConf(Files.createTempDirectory("berth-cut"));
    ProcessBuilder cut =
        new ProcessBuilder(
                "strace",
                "-f",
                "-qq",
                "-o",
                "/dev/null",
                "-P",
                db.toString(),
                "-e",
                "trace=pwrite64",
                "-e",
                "inject=pwrite64:signal=KILL",
                "podman",
                "create",
                "--name",
                name,
                TestImages.BUSYBOX_HTTPD)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    cut.environment().put("CONTAINERS_CONF", conf.toString());
    Process process = cut.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }
}
