package io.berth.testing;

import io.berth.runtime.docker.FirewallRules;
import io.berth.runtime.docker.HostFirewall;
import io.berth.runtime.docker.NetworkNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Podman service (Docker-compatible API) for the whole test JVM, started with Berth's own
 * containers.conf on a socket in a temp directory and stopped when the JVM exits. Tests point Berth
 * at it with {@code berth.runtime.engine-host}.
 */
public final class TestEngine {
  private static String host;

  private TestEngine() {}

  public static synchronized String host() {
    if (host != null) {
      return host;
    }
    try {
      Path dir = Files.createTempDirectory("berth-test-engine");
      Path conf = containersConf(dir);
      Path socket = dir.resolve("podman.sock");
      ProcessBuilder builder =
          new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("service.log").toFile());
      builder.environment().put("CONTAINERS_CONF", conf.toString());
      Process podman = builder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(podman::destroy));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> Files.exists(socket) || !podman.isAlive());
      if (!podman.isAlive()) {
        throw new IllegalStateException(
            "podman system service exited: " + Files.readString(dir.resolve("service.log")));
      }
      host = "unix://" + socket;
      return host;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Berth's containers.conf, copied out of the classpath for podman commands of the tests. */
  public static Path containersConf(Path dir) throws IOException {
    Path conf = dir.resolve("containers.conf");
    try (InputStream in = TestEngine.class.getResourceAsStream("/podman/containers.conf")) {
      Files.copy(in, conf, StandardCopyOption.REPLACE_EXISTING);
    }
    return conf;
  }

  /**
   * Removes what a test's Berth site left on the host, so test runs do not pile up: its containers,
   * then its networks (Berth sweeps a network a minute after its last pod, longer than a test's
   * Berth lives, and every network left makes each later {@code podman run} slower), then its
   * firewall rules (Berth removes them only when it stops with no network of the site left).
   */
  public static void removeSite(String site) {
    String label = "label=io.berth.site=" + site;
    removeAll(List.of("rm", "-f", "-t", "0"), podman("ps", "-aq", "--filter", label));
    removeAll(
        List.of(onEngine("network", "rm")),
        podman(onEngine("network", "ls", "-q", "--filter", label)));
    HostFirewall firewall =
        new HostFirewall(
            new FirewallRules(
                NetworkNames.bridgePrefix(site), NetworkNames.siteTag(site), List.of()),
            "auto");
    firewall.remove();
    firewall.forgetRemovedBridges();
  }

  /**
   * The command sent to the test engine's service when it runs: the service keeps the networks it
   * made in memory, and one removed behind its back by the podman command came back later.
   */
  private static String[] onEngine(String... args) {
    if (host == null) {
      return args;
    }
    List<String> command = new java.util.ArrayList<>(List.of("--url", host));
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }

  private static void removeAll(List<String> remove, String listed) {
    if (!listed.isBlank()) {
      List<String> command = new java.util.ArrayList<>(remove);
      command.addAll(List.of(listed.trim().split("\\s+")));
      podman(command.toArray(String[]::new));
    }
  }

  /** Runs a podman command with Berth's settings; returns its output, failing on a bad exit. */
  public static String podman(String... args) {
    try {
      return run(args);
    } catch (IllegalStateException e) {
      // Podman 4.3 may fail a removal on the container's busy shm mount (more so with user
      // namespaces) and finish it on a second try, as the Docker adapter does
      if (args.length > 0 && args[0].equals("rm") && e.getMessage().contains("resource busy")) {
        List<String> again = new java.util.ArrayList<>(List.of(args));
        again.add(1, "--ignore"); // the first try may have removed it after all
        return run(again.toArray(String[]::new));
      }
      throw e;
    }
  }

  private static String run(String... args) {
    try {
      Path dir = Files.createTempDirectory("berth-podman");
      List<String> command = new java.util.ArrayList<>(List.of("podman"));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("CONTAINERS_CONF", containersConf(dir).toString());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("podman " + String.join(" ", args) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
