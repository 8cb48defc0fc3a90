package io.berth.pods.reconcile;

import io.berth.pods.ContainerStatus;
import java.time.Instant;

/**
 * What the reconciler remembers about a pod's container between passes, kept in the pod's {@code
 * status_container} (as a {@link ContainerStatus}) so that it survives a crash: which generation it
 * started, how often it was restarted, why it last failed and when it may be tried again.
 */
public record ContainerRecord(
    Long instanceGeneration,
    int restartCount,
    String reason,
    Integer exitCode,
    Instant nextRestart,
    Instant lastRestart,
    boolean terminal) {

  public static final ContainerRecord EMPTY =
      new ContainerRecord(null, 0, null, null, null, null, false);

  public static ContainerRecord from(ContainerStatus status) {
    if (status == null) {
      return EMPTY;
    }
    return new ContainerRecord(
        status.instanceGeneration(),
        status.restartCount() == null ? 0 : status.restartCount(),
        status.reason(),
        status.exitCode(),
        status.nextRestart(),
        status.lastRestart(),
        status.isTerminal());
  }

  /** The container status to store: this record, with the container's {@code state}. */
  public ContainerStatus toStatus(String state) {
    return new ContainerStatus(
        state,
        instanceGeneration,
        restartCount,
        reason,
        exitCode,
        nextRestart,
        lastRestart,
        terminal,
        null);
  }

  public ContainerRecord started(long generation) {
    return new ContainerRecord(generation, restartCount, null, null, null, lastRestart, false);
  }

  public ContainerRecord failed(String why, Integer code, Instant retryAt, Instant now) {
    return new ContainerRecord(
        instanceGeneration, restartCount + 1, why, code, retryAt, now, false);
  }

  public ContainerRecord terminal(String why, Integer code) {
    return new ContainerRecord(
        instanceGeneration, restartCount, why, code, null, lastRestart, true);
  }

  /** A fresh start asked for by the owner forgets failures and backoff. */
  public ContainerRecord cleared() {
    return new ContainerRecord(null, restartCount, null, null, null, lastRestart, false);
  }
}
