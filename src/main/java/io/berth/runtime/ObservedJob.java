package io.berth.runtime;

import java.time.Instant;

/**
 * A job's container as the engine reports it. {@code imageDigest} is the image it actually runs:
 * the registry digest ({@code repo@sha256:...}) when the engine knows one, else the image id.
 */
public record ObservedJob(
    JobKey key,
    String containerId,
    ContainerState state,
    Integer exitCode,
    boolean oomKilled,
    String error,
    Instant startedAt,
    Instant finishedAt,
    String imageDigest) {

  public boolean ended() {
    return state == ContainerState.EXITED;
  }
}
