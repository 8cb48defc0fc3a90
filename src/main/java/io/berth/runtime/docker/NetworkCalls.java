package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateNetworkCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.berth.runtime.RuntimeFailure;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The engine calls {@link PodNetworks} makes of networks, each tolerant of the answers Docker and
 * Podman give when a network, bridge name or subnet is taken or already gone.
 */
final class NetworkCalls {
  private final Supplier<DockerClient> docker;

  NetworkCalls(Supplier<DockerClient> docker) {
    this.docker = docker;
  }

  /**
   * Creates the network, or adopts it when it exists; a bridge name or subnet another network holds
   * makes the next attempt pick another. {@code subnet} null: the engine picks one (a /24).
   */
  void create(
      String name,
      IntFunction<String> bridge,
      IntFunction<String> subnet,
      Map<String, String> labels) {
    int attempts = subnet == null ? 5 : 10;
    for (int attempt = 0; attempt < attempts; attempt++) {
      try {
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
