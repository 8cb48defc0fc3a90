package io.berth.runtime.docker;

import io.berth.config.BerthProperties;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ContainerRuntimeContract;
import io.berth.runtime.Endpoint;
import io.berth.runtime.PodKey;
import io.berth.runtime.docker.storage.LocalVolumeStorage;
import io.berth.testing.MemoryTenantSlots;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The runtime contract against real Podman through its Docker-compatible API. */
class DockerRuntimeIT extends ContainerRuntimeContract {
  static final Path home = TestDatabase.newHome();
  static EngineConnection engine;
  static DockerRuntime runtime;

  @BeforeAll
  static void connect() {
    DockerProperties properties =
        new DockerProperties(
            "docker", TestEngine.host(), null, null, false, null, null, null, null, null);
    engine = new EngineConnection(properties, home.resolve("engine"));
    runtime = newRuntime();
    TestImages.busyboxHttpd();
  }

  @AfterAll
  static void close() {
    // a fresh runtime's first pass sweeps: the site's firewall rules go with its last network
    newRuntime().observeAll();
    engine.close();
  }

  static DockerRuntime newRuntime() {
    BerthProperties berth = new BerthProperties(home.toString(), 0, "contract", null);
    String site = berth.site();
    return new DockerRuntime(
        engine,
        site,
        new LocalVolumeStorage(berth, true),
        new DockerProperties(
            "docker", TestEngine.host(), null, null, false, null, null, null, null, null),
        new MemoryTenantSlots(100),
        new HostFirewall(
            new FirewallRules(
                NetworkNames.bridgePrefix(site), NetworkNames.siteTag(site), List.of()),
            "auto"));
  }

  @Override
  protected ContainerRuntime runtime() {
    return runtime;
  }

  @Override
  protected String image() {
    return TestImages.BUSYBOX_HTTPD;
  }

  @Override
  protected boolean answers(Endpoint endpoint) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  protected String exec(PodKey key, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", ContainerNames.name("contract", key)));
    args.addAll(List.of(command));
    try {
      return TestEngine.podman(args.toArray(String[]::new));
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }
}
