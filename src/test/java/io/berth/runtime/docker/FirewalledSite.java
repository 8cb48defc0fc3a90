package io.berth.runtime.docker;

import io.berth.config.BerthProperties;
import io.berth.runtime.docker.storage.LocalVolumeStorage;
import io.berth.testing.MemoryTenantSlots;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A site on real Podman whose host firewall rules are required, as a real host has them, and two
 * listeners on every host address standing for Berth's API and its proxy (the one port pods and
 * jobs may reach). Closing it removes what the site left on the host.
 */
final class FirewalledSite implements AutoCloseable {
  static final DockerProperties ENGINE =
      new DockerProperties(
          "docker",
          TestEngine.host(),
          null,
          Duration.ofSeconds(1),
          false,
          null,
          null,
          null,
          null,
          null);
  final String site;
  final Path home;
  final ServerSocket api;
  final ServerSocket proxy;
  final FirewallRules rules;
  final EngineConnection engine;

  private FirewalledSite(String site, Path home, String engineDirectory) throws IOException {
    TestImages.busyboxHttpd();
    this.site = site;
    this.home = home;
    this.api = listen("berth-api");
    this.proxy = listen("berth-proxy");
    this.rules =
        new FirewallRules(
            NetworkNames.bridgePrefix(site),
            NetworkNames.siteTag(site),
            List.of(Integer.toString(proxy.getLocalPort())));
    this.engine = new EngineConnection(ENGINE, home.resolve(engineDirectory));
  }

  static FirewalledSite start(String site, Path home, String engineDirectory) throws IOException {
    return new FirewalledSite(site, home, engineDirectory);
  }

  /** A fresh runtime of the site, as a new Berth process makes it: its first pass sweeps. */
  DockerRuntime runtime() {
    return runtime(site, rules);
  }

  /** A runtime of another site on the same engine and storage, with that site's rules. */
  DockerRuntime runtime(String otherSite, FirewallRules otherRules) {
    return new DockerRuntime(
        engine,
        otherSite,
        storage(),
        ENGINE,
        new MemoryTenantSlots(7),
        new HostFirewall(otherRules, "required"));
  }

  LocalVolumeStorage storage() {
    return new LocalVolumeStorage(new BerthProperties(home.toString(), 0, site, null), true);
  }

  /** A storage's data directory, as the local storage lays it out. */
  Path data(String storageId) {
    return home.resolve("storage").resolve(storageId).resolve("data");
  }

  /** Whether the engine has a network of that name. */
  static boolean hasNetwork(String name) {
    return !TestEngine.podman("network", "ls", "-q", "--filter", "name=" + name).isBlank();
  }

  @Override
  public void close() throws IOException {
    TestEngine.removeSite(site); // its networks and rules too, however recently used
    api.close();
    proxy.close();
    engine.close();
  }

  /** A listener on every host address (IPv4 and IPv6) that greets with its name. */
  static ServerSocket listen(String name) throws IOException {
    ServerSocket socket = new ServerSocket(0);
    Thread.ofVirtual()
        .start(() -> {
          while (!socket.isClosed()) {
            try (Socket client = socket.accept();
                OutputStream out = client.getOutputStream()) {
              out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
              // closed
            }
          }
        });
    return socket;
  }
}
