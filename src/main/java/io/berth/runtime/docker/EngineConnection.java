package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.berth.runtime.EngineUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and keeps the connection to a Docker-compatible engine: {@code BERTH_ENGINE_HOST}, then
 * {@code DOCKER_HOST}, then the usual Docker and Podman sockets; when none answers and {@code
 * podman} is installed, Berth starts {@code podman system service} itself on a socket in BERTH_HOME
 * with its own containers.conf, and stops it on exit. Discovery is lazy and repeated after a
 * failure, so Berth starts (and its API works) without an engine.
 */
public class EngineConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineConnection.class);
  private static final Duration RETRY = Duration.ofSeconds(10);

  /** One per followed pod: a site's pods on one engine, with room. */
  private static final int STREAM_CONNECTIONS = 10_000;

  private final DockerProperties properties;
  private final Path engineDir;
  private DockerClient client;
  private DockerClient streams;
  private String host;
  private String name = "docker";
  private EngineFacts facts = EngineFacts.UNKNOWN;
  private Process podman;
  private Instant nextAttempt = Instant.EPOCH;
  private String lastProblem = "not tried yet";

  public EngineConnection(DockerProperties properties, Path engineDir) {
    this.properties = properties;
    this.engineDir = engineDir;
  }

  public synchronized DockerClient client() {
    if (client != null) {
      return client;
    }
    if (Instant.now().isBefore(nextAttempt)) {
      throw new EngineUnavailableException(lastProblem);
    }
    List<String> tried = new ArrayList<>();
    for (String host : candidates()) {
      tried.add(host);
      DockerClient candidate = connect(host);
      if (ping(candidate)) {
        use(candidate, host);
        return client;
      }
      close(candidate);
    }
    // a configured engine is the only one: starting another would put pods where no one looks
    if (!configured() && properties.startPodman() && podmanInstalled()) {
      String host = startPodman();
      tried.add(host + " (started by Berth)");
      if (host != null) {
        DockerClient candidate = connect(host);
        if (awaitPing(candidate, Duration.ofSeconds(15))) {
          use(candidate, host);
          return client;
        }
        close(candidate);
      }
    }
    nextAttempt = Instant.now().plus(RETRY);
    lastProblem =
        "no container engine answered (tried "
            + String.join(", ", tried)
            + "); install Podman (apt-get install podman) or Docker, or set BERTH_ENGINE_HOST";
    throw new EngineUnavailableException(lastProblem);
  }

  public synchronized String name() {
    return name;
  }

  /**
   * A client of its own for long-lived streams (pods' followed output): they never hold the
   * connections other calls need, and have no response timeout (a quiet pod sends nothing for
   * hours).
   */
  public synchronized DockerClient streams() {
    client();
    if (streams == null) {
      streams = connect(host, STREAM_CONNECTIONS, null);
    }
    return streams;
  }

  /**
   * The engine's HTTP client under {@link #client()} (or {@link #streams()}): for the output
   * stream, which docker-java's decoder cuts into pieces (see {@link FollowedOutput}).
   */
  public DockerHttpClient http(boolean stream) {
    return httpOf(stream ? streams() : client()).orElseThrow();
  }

  /**
   * The HTTP client under a docker-java client, for the calls docker-java does not make (Podman's
   * own endpoints); empty for a client of another make.
   */
  static Optional<DockerHttpClient> httpOf(DockerClient client) {
    return client instanceof DockerClientImpl engine
        ? Optional.of(engine.getHttpClient())
        : Optional.empty();
  }

  /** Where the engine's API paths start: at the version docker-java's own requests name. */
  public String apiPath() {
    return "/v" + properties.apiVersion();
  }

  /** What the connected engine is (after {@link #client()}): Podman or Docker, rootless, remap. */
  public synchronized EngineFacts facts() {
    client();
    return facts;
  }

  /** Forgets the connection after a failure so the next call discovers again. */
  public synchronized void reset() {
    if (client != null && !ping(client)) {
      close(client);
      client = null;
      closeStreams();
    }
  }

  private void use(DockerClient candidate, String host) {
    client = candidate;
    this.host = host;
    try {
      String components = String.valueOf(candidate.versionCmd().exec().getComponents());
      name = components.toLowerCase(java.util.Locale.ROOT).contains("podman") ? "podman" : "docker";
    } catch (RuntimeException e) {
      name = "docker";
    }
    try {
      var info = candidate.infoCmd().exec();
      facts = EngineFacts.of(name, info.getSecurityOptions(), info.getDockerRootDir());
    } catch (RuntimeException e) {
      facts = EngineFacts.of(name, null, null);
    }
    log.info("Container engine: {} at {} ({})", name, host, facts);
  }

  private boolean configured() {
    return properties.engineHost() != null && !properties.engineHost().isBlank();
  }

  private List<String> candidates() {
    Set<String> hosts = new LinkedHashSet<>();
    if (configured()) {
      hosts.add(properties.engineHost());
      return new ArrayList<>(hosts);
    }
    String dockerHost = System.getenv("DOCKER_HOST");
    if (dockerHost != null && !dockerHost.isBlank()) {
      hosts.add(dockerHost);
    }
    hosts.add("unix://" + engineDir.resolve("podman.sock"));
    for (String socket : List.of("/var/run/docker.sock", "/run/podman/podman.sock")) {
      if (Files.exists(Path.of(socket))) {
        hosts.add("unix://" + socket);
      }
    }
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if (runtimeDir != null && Files.exists(Path.of(runtimeDir, "podman", "podman.sock"))) {
      hosts.add("unix://" + Path.of(runtimeDir, "podman", "podman.sock"));
    }
    return new ArrayList<>(hosts);
  }

  private DockerClient connect(String host) {
    return connect(host, 64, Duration.ofSeconds(120));
  }

  private DockerClient connect(String host, int maxConnections, Duration responseTimeout) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(host)
            .withApiVersion(properties.apiVersion())
            .withDockerTlsVerify(false)
            .build();
    ApacheDockerHttpClient.Builder http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(URI.create(host))
            .maxConnections(maxConnections)
            .connectionTimeout(Duration.ofSeconds(3));
    if (responseTimeout != null) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(config, http.build());
  }

  private static boolean ping(DockerClient candidate) {
    try {
      candidate.pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean awaitPing(DockerClient candidate, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (ping(candidate)) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static boolean podmanInstalled() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "podman"))) {
        return true;
      }
    }
    return false;
  }

  /** Starts Podman's Docker-compatible service on a socket of our own; null when it fails. */
  private String startPodman() {
    try {
      Files.createDirectories(engineDir);
      Path conf = engineDir.resolve("containers.conf");
      try (InputStream in = getClass().getResourceAsStream("/podman/containers.conf")) {
        Files.copy(in, conf, StandardCopyOption.REPLACE_EXISTING);
      }
      Path socket = engineDir.resolve("podman.sock");
      Files.deleteIfExists(socket);
      ProcessBuilder builder =
          new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
              .redirectErrorStream(true)
              .redirectOutput(engineDir.resolve("podman-service.log").toFile());
      builder.environment().put("CONTAINERS_CONF", conf.toString());
      podman = builder.start();
      log.info("Started podman system service (pid {}) on {}", podman.pid(), socket);
      return "unix://" + socket;
    } catch (IOException | RuntimeException e) {
      log.warn("Could not start podman system service: {}", e.getMessage());
      return null;
    }
  }

  private static void close(DockerClient candidate) {
    try {
      candidate.close();
    } catch (IOException | RuntimeException ignored) {
      // a client that never connected
    }
  }

  private void closeStreams() {
    if (streams != null) {
      close(streams);
      streams = null;
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      close(client);
      client = null;
    }
    closeStreams();
    if (podman != null && podman.isAlive()) {
      podman.destroy();
      try {
        if (!podman.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          podman.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        podman.destroyForcibly();
      }
    }
  }
}
