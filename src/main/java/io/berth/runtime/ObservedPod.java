package io.berth.runtime;

import java.time.Instant;
import java.util.Map;

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
    Map<Integer, Endpoint> endpoints) {}
