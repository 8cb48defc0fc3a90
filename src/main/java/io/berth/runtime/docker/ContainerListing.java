package io.berth.runtime.docker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The containers carrying a set of labels, as the reconciler's full pass reads them. On Podman
 * through its own endpoint: the Docker-compatible listing runs a whole inspect of every container
 * it lists (1.6 ms of the engine's CPU each, measured with 200 containers, against 1.0 ms), and a
 * full pass lists all of a site's containers every few seconds. Elsewhere, or when that endpoint is
 * not there, the Docker listing.
 */
final class ContainerListing {

  private final Supplier<DockerClient> docker;
  private volatile boolean libpod = true;

  ContainerListing(Supplier<DockerClient> docker) {
    this.docker = docker;
  }

  /**
   * A container as the listings say it: {@code published} maps container ports to host ports;
   * {@code started} is null when unknown.
   */
  record Listed(
      String id,
      List<String> names,
      Map<String, String> labels,
      String state,
      Instant started,
      Map<Integer, Integer> published) {}

  /** All the containers, running or not, that carry every one of {@code labels}. */
  List<Listed> labelled(Map<String, String> labels) {
    DockerClient client = docker.get();
    Optional<DockerHttpClient> http = libpod ? EngineConnection.httpOf(client) : Optional.empty();
    if (http.isPresent()) {
      List<Listed> listed = fromLibpod(http.get(), labels);
      if (listed != null) {
        return carrying(listed, labels);
      }
      libpod = false; // not Podman: asked the Docker way from now on
    }
    List<Container> containers =
        client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    return carrying(containers.stream().map(ContainerListing::fromDocker).toList(), labels);
  }

  /** Engines differ in how they combine several label filters: all must hold here. */
  private static List<Listed> carrying(List<Listed> listed, Map<String, String> labels) {
    return listed.stream()
        .filter(c ->
            labels.entrySet().stream()
                .allMatch(l -> l.getValue().equals(c.labels().get(l.getKey()))))
        .toList();
  }

  /** Null when the engine has no libpod endpoint (Docker). */
  private static List<Listed> fromLibpod(DockerHttpClient http, Map<String, String> labels) {
    List<String> values = new ArrayList<>();
    labels.forEach((k, v) -> values.add(k + "=" + v));
    List<LibpodContainer> containers =
        LibpodListing.labelled(
            http, "containers", "all=true&", values, new TypeReference<List<LibpodContainer>>() {});
    return containers == null ? null : containers.stream().map(LibpodContainer::listed).toList();
  }

  /** The fields of Podman's container listing that Berth reads. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record LibpodContainer(
      @JsonProperty("Id") String id,
      @JsonProperty("Names") List<String> names,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("State") String state,
      @JsonProperty("StartedAt") Long startedAt,
      @JsonProperty("Created") JsonNode created,
      @JsonProperty("Ports") List<LibpodPort> ports) {

    Listed listed() {
      Map<Integer, Integer> published = new HashMap<>();
      for (LibpodPort p : ports == null ? List.<LibpodPort>of() : ports) {
        for (int i = 0; i < Math.max(1, p.range() == null ? 1 : p.range()); i++) {
          if (p.containerPort() != null && p.hostPort() != null && p.hostPort() > 0) {
            published.put(p.containerPort() + i, p.hostPort() + i);
          }
        }
      }
      Instant started =
          startedAt != null && startedAt > 0 ? Instant.ofEpochSecond(startedAt) : time(created);
      return new Listed(
          id,
          names == null ? List.of() : names,
          labels == null ? Map.of() : labels,
          state,
          started,
          Map.copyOf(published));
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record LibpodPort(
      @JsonProperty("container_port") Integer containerPort,
      @JsonProperty("host_port") Integer hostPort,
      @JsonProperty("range") Integer range) {}

  private static Listed fromDocker(Container c) {
    Map<Integer, Integer> published = new HashMap<>();
    for (ContainerPort p : c.getPorts() == null ? new ContainerPort[0] : c.getPorts()) {
      if (p.getPublicPort() != null && p.getPrivatePort() != null) {
        published.put(p.getPrivatePort(), p.getPublicPort());
      }
    }
    return new Listed(
        c.getId(),
        c.getNames() == null
            ? List.of()
            : Arrays.stream(c.getNames()).map(n -> n.startsWith("/") ? n.substring(1) : n).toList(),
        c.getLabels() == null ? Map.of() : c.getLabels(),
        c.getState(),
        c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()),
        Map.copyOf(published));
  }

  /** Podman 4 gives a time, later versions may give Unix seconds. */
  private static Instant time(JsonNode created) {
    try {
      if (created == null || created.isNull()) {
        return null;
      }
      return created.isNumber()
          ? Instant.ofEpochSecond(created.asLong())
          : OffsetDateTime.parse(created.asText()).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
