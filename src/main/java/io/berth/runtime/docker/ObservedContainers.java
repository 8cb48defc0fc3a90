package io.berth.runtime.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.berth.runtime.ContainerState;
import io.berth.runtime.Endpoint;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the engine reports of a container, as the port's {@link ObservedPod}. */
final class ObservedContainers {
  private ObservedContainers() {}

  static ObservedPod observed(InspectContainerResponse c) {
    Map<String, String> labels = c.getConfig().getLabels();
    InspectContainerResponse.ContainerState s = c.getState();
    Map<Integer, Endpoint> endpoints = new HashMap<>();
    Ports ports = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getPorts();
    if (ports != null) {
      for (Map.Entry<ExposedPort, Ports.Binding[]> e : ports.getBindings().entrySet()) {
        if (e.getValue() != null
            && e.getValue().length > 0
            && e.getValue()[0].getHostPortSpec() != null) {
          endpoints.put(
              e.getKey().getPort(),
              new Endpoint("127.0.0.1", Integer.parseInt(e.getValue()[0].getHostPortSpec())));
        }
      }
    }
    String error = s.getError() == null || s.getError().isBlank() ? null : s.getError();
    return new ObservedPod(
        new PodKey(labels.get(ContainerNames.TENANT), labels.get(ContainerNames.POD)),
        generation(labels),
        c.getId(),
        state(s.getStatus()),
        s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue(),
        Boolean.TRUE.equals(s.getOOMKilled()),
        error,
        time(s.getStartedAt()),
        time(s.getFinishedAt()),
        Map.copyOf(endpoints),
        List.of());
  }

  /** A running container as the listing shows it (the listing has no exit codes). */
  static ObservedPod fromListing(ContainerListing.Listed c) {
    Map<String, String> labels = c.labels();
    Map<Integer, Endpoint> endpoints = new HashMap<>();
    c.published()
        .forEach((port, hostPort) -> endpoints.put(port, new Endpoint("127.0.0.1", hostPort)));
    return new ObservedPod(
        new PodKey(labels.get(ContainerNames.TENANT), labels.get(ContainerNames.POD)),
        generation(labels),
        c.id(),
        ContainerState.RUNNING,
        null,
        false,
        null,
        c.started(),
        null,
        Map.copyOf(endpoints),
        List.of());
  }

  static long generation(Map<String, String> labels) {
    try {
      return Long.parseLong(labels.getOrDefault(ContainerNames.GENERATION, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static ContainerState state(String status) {
    if (status == null) {
      return ContainerState.UNKNOWN;
    }
    return switch (status.toLowerCase(java.util.Locale.ROOT)) {
      case "running" -> ContainerState.RUNNING;
      case "created", "configured", "initialized" -> ContainerState.CREATED;
      case "exited", "stopped", "dead" -> ContainerState.EXITED;
      case "paused" -> ContainerState.PAUSED;
      default -> ContainerState.UNKNOWN;
    };
  }

  static Instant time(String text) {
    if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }
}
