package io.berth.runtime.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The networks labelled with one key and value, as name, labels and creation time. On Podman
 * through its own endpoint: the Docker-compatible listing inspects every container of the host for
 * every network it lists (about 2.5 CPU-seconds of the engine for 66 networks and 20 containers,
 * and seconds of waiting while containers start), the libpod listing reads only the networks'
 * configuration. Elsewhere, or when that endpoint is not there, the Docker listing.
 */
final class NetworkListing {

  private final Supplier<DockerClient> docker;
  private volatile boolean libpod = true;

  NetworkListing(Supplier<DockerClient> docker) {
    this.docker = docker;
  }

  /** A network as the listings say it: its name, labels and when it was made (null: unknown). */
  record Listed(String name, Map<String, String> labels, Instant created) {}

  List<Listed> labelled(String key, String value) {
    DockerClient client = docker.get();
    Optional<DockerHttpClient> http = libpod ? EngineConnection.httpOf(client) : Optional.empty();
    if (http.isPresent()) {
      List<Listed> listed = fromLibpod(http.get(), key + "=" + value);
      if (listed != null) {
        return listed;
      }
      libpod = false; // not Podman: asked the Docker way from now on
    }
    return client.listNetworksCmd().withFilter("label", List.of(key + "=" + value)).exec().stream()
        .map(NetworkListing::fromDocker)
        .toList();
  }

  /** Null when the engine has no libpod endpoint (Docker). */
  private static List<Listed> fromLibpod(DockerHttpClient http, String label) {
    List<LibpodNetwork> networks =
        LibpodListing.labelled(
            http, "networks", "", List.of(label), new TypeReference<List<LibpodNetwork>>() {});
    return networks == null
        ? null
        : networks.stream()
            .map(n ->
                new Listed(n.name(), n.labels() == null ? Map.of() : n.labels(), time(n.created())))
            .toList();
  }

  /** The fields of Podman's network listing that Berth reads. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record LibpodNetwork(String name, Map<String, String> labels, String created) {}

  private static Listed fromDocker(Network n) {
    return new Listed(
        n.getName(),
        n.getLabels() == null ? Map.of() : n.getLabels(),
        n.getCreated() == null ? null : n.getCreated().toInstant());
  }

  private static Instant time(String text) {
    try {
      return text == null ? null : OffsetDateTime.parse(text).toInstant();
    } catch (RuntimeException e) {
      return null; // counts as old, as a network seen with no creation time
    }
  }
}
