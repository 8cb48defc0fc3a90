package io.berth.pods;

import java.time.Instant;

/**
 * What the reconciler observed and wrote of a pod: its status, its container's status, and the
 * times of the running instance (when it started and when {@code time_to_stop} ends it), when the
 * proxy last saw its traffic, and why Berth stopped it ({@code idle}, {@code time_to_stop}; null
 * when it did not), and the coming stop its owner was last warned about.
 */
public record PodObserved(
    PodStatus status,
    ContainerStatus container,
    Instant timeToStopTs,
    Instant startInstanceTs,
    Instant lastActivityTs,
    String stopReason,
    Instant stopWarnedTs) {

  /** A pod nobody has reconciled yet. */
  public static final PodObserved REQUESTED =
      new PodObserved(PodStatus.REQUESTED, ContainerStatus.NONE, null, null, null, null, null);

  public PodObserved {
    container = container == null ? ContainerStatus.NONE : container;
  }
}
