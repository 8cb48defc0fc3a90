package io.berth.runtime.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateNetworkCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.transport.DockerHttpClient;
import io.berth.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The engine calls {@link PodNetworks} makes of networks, each tolerant of the answers Docker and
 * Podman give when a network, bridge name or subnet is taken or already gone.
 */
final class NetworkCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<DockerClient> docker;
  private volatile boolean libpod = true;

  NetworkCalls(Supplier<DockerClient> docker) {
    this.docker = docker;
  }

  /**
   * Creates the network, or adopts it when it exists; a bridge name or subnet another network holds
   * makes the next attempt pick another. {@code subnet} null: the engine picks one (a /24). {@code
   * isolated} false: on Podman, without the CNI plugin's isolation from other bridges (the site's
   * {@link FirewallRules} keep routed traffic out instead). Podman's Docker-compatible create
   * always asks for that isolation, and the plugin's isolation work at every container's start
   * (iptables commands reading the whole filter table, one at a time) was the cost that set Berth's
   * pods apart from plain `podman run`: 32 starts of Berth's exact create, 8 at a time, took
   * 1.4-1.8 times as long on such a network as on one without.
   */
  void create(
      String name,
      IntFunction<String> bridge,
      IntFunction<String> subnet,
      Map<String, String> labels,
      boolean isolated) {
    int attempts = subnet == null ? 5 : 10;
    for (int attempt = 0; attempt < attempts; attempt++) {
      try {
        if (!isolated && libpod) {
          if (createWithoutIsolation(name, bridge.apply(attempt), subnet, attempt, labels)) {
            break;
          }
          libpod = false; // not Podman: Docker's create, whose bridges Docker isolates anyway
        }
        CreateNetworkCmd create =
            docker
                .get()
                .createNetworkCmd()
                .withName(name)
                .withDriver("bridge")
                .withCheckDuplicate(true)
                .withOptions(Map.of("com.docker.network.bridge.name", bridge.apply(attempt)))
                .withLabels(labels);
        if (subnet != null) {
          create.withIpam(
              new Network.Ipam()
                  .withConfig(new Network.Ipam.Config().withSubnet(subnet.apply(attempt))));
        }
        create.exec();
        break;
      } catch (ConflictException e) {
        break; // made before (a restart, or a concurrent apply): adopt it
      } catch (DockerException e) {
        String message = String.valueOf(e.getMessage());
        boolean taken =
            message.contains("already in use")
                || message.contains("subnet") // Podman
                || message.contains("overlaps"); // Docker's pool
        if (!taken && (message.contains("already exists") || message.contains("already used"))) {
          break; // Podman's words for the same conflict
        }
        if (!taken || attempt == attempts - 1) {
          throw e;
        }
        // another network has this bridge name or subnet: the next attempt names another
      }
    }
  }

  /**
   * Podman's own create, whose bridges are not isolated unless asked: false when the engine has no
   * such endpoint (Docker). A conflict or a taken bridge or subnet is thrown as Docker's create
   * throws it, so the caller treats both alike.
   */
  private boolean createWithoutIsolation(
      String name,
      String bridge,
      IntFunction<String> subnet,
      int attempt,
      Map<String, String> labels) {
    Optional<DockerHttpClient> http = EngineConnection.httpOf(docker.get());
    if (http.isEmpty()) {
      return false;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("driver", "bridge");
    body.put("network_interface", bridge);
    body.put("labels", labels);
    if (subnet != null) {
      body.put("subnets", List.of(Map.of("subnet", subnet.apply(attempt))));
    }
    DockerHttpClient.Request request;
    try {
      request =
          DockerHttpClient.Request.builder()
              .method(DockerHttpClient.Request.Method.POST)
              .path("/v4.0.0/libpod/networks/create")
              .putHeader("Content-Type", "application/json")
              .bodyBytes(JSON.writeValueAsBytes(body))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (DockerHttpClient.Response response = http.get().execute(request)) {
      int status = response.getStatusCode();
      if (status == 404) {
        return false;
      }
      if (status / 100 == 2) {
        return true;
      }
      String message = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (status == 409) {
        throw new ConflictException(message);
      }
      throw new DockerException(message, status);
    } catch (IOException e) {
      throw new UncheckedIOException("creating network " + name, e);
    }
  }

  boolean missing(String network) {
    try {
      docker.get().inspectNetworkCmd().withNetworkId(network).exec();
      return false;
    } catch (NotFoundException e) {
      return true;
    } catch (DockerException e) {
      return String.valueOf(e.getMessage()).contains("not found");
    }
  }

  /** Nothing when it is already gone; a failure when it is still in use. */
  void remove(String network, String key) {
    try {
      docker.get().removeNetworkCmd(network).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (DockerException e) {
      if (!String.valueOf(e.getMessage()).contains("not found")) {
        // still in use (a container being made): the sweep comes back to it
        throw new RuntimeFailure("network of " + key + " not removed: " + e.getMessage());
      }
    }
  }
}
