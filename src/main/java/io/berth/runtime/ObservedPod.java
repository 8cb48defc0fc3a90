package io.berth.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A pod's container as the engine reports it. {@code cleared}: what the engine call that returned
 * it found in the pod's way, left behind by an interrupted earlier call (a half-made container
 * holding the name, one that can no longer start), and removed; one sentence each, for the
 * reconciler to report.
 */
public record ObservedPod(
    PodKey key,
    long generation,
    String containerId,
    ContainerState state,
    Integer exitCode,
    boolean oomKilled,
    String error,
    Instant startedAt,
    Instant finishedAt,
    Map<Integer, Endpoint> endpoints,
    List<String> cleared) {

  public ObservedPod {
    cleared = cleared == null ? List.of() : List.copyOf(cleared);
  }

  public ObservedPod withCleared(List<String> notes) {
    return new ObservedPod(
        key,
        generation,
        containerId,
        state,
        exitCode,
        oomKilled,
        error,
        startedAt,
        finishedAt,
        endpoints,
        notes);
  }
}
