package io.berth.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Berth as its own operating-system process, started from the built jar, for tests that must kill
 * it (SIGKILL) or run two of them. Output goes to a log file beside its BERTH_HOME.
 */
public final class BerthProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final int proxyPort;
  private final Path log;

  private BerthProcess(Process process, int port, int proxyPort, Path log) {
    this.process = process;
    this.port = port;
    this.proxyPort = proxyPort;
    this.log = log;
  }

  public static BerthProcess start(Path home, Map<String, String> env) {
    Path jar = Path.of("target", "berth.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "target/berth.jar is missing: run the tests through Maven verify");
    }
    int port = freePort();
    Path log = home.resolveSibling(home.getFileName() + "-" + port + ".log");
    List<String> command = BerthLaunch.command(jar);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("BERTH_HOME", home.toString());
    builder.environment().put("BERTH_PORT", Integer.toString(port));
    builder.environment().put("BERTH_PROXY_PORT", Integer.toString(freePort()));
    builder.environment().put("BERTH_METRICS_TOKEN", TestMetrics.TOKEN);
    builder.environment().putAll(env);
    int proxyPort = Integer.parseInt(builder.environment().get("BERTH_PROXY_PORT"));
    try {
      Process process = builder.start();
      BerthProcess berth = new BerthProcess(process, port, proxyPort, log);
      // generous: a loaded machine (tests of several branches at once) starts Berth slowly
      berth.awaitHealthy(Duration.ofSeconds(180));
      return berth;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Where its proxy listens for pods' HTTP (by Host name). */
  public int proxyPort() {
    return proxyPort;
  }

  public ApiClient api() {
    return new ApiClient(port);
  }

  /** {@code /metrics} as Prometheus scrapes it (with the token). */
  public String metrics() {
    return TestMetrics.scrape(port);
  }

  /** SIGKILL: no shutdown hook, no graceful stop. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * SIGKILL of Berth and everything it started (the Podman service it runs when no engine was
   * given), at once: a host losing power, as far as the engine's own bookkeeping goes.
   */
  public void killWithEngine() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      p.onExit().join();
    }
  }

  /** The Podman service this Berth started, if it started one. */
  public java.util.Optional<ProcessHandle> engineService() {
    return process
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("system service"))
        .findFirst();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private void awaitHealthy(Duration timeout) {
    ApiClient api = api();
    try {
      org.awaitility.Awaitility.await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("Berth exited at start:\n" + output());
            }
            try {
              return api.get("/v3/pods/healthcheck", null).status() == 200;
            } catch (RuntimeException e) {
              return false;
            }
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      kill();
      throw new IllegalStateException("Berth did not answer within " + timeout + ":\n" + output());
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
