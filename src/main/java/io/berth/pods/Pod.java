package io.berth.pods;

import io.berth.runtime.PodKey;
import java.time.Instant;

/**
 * A pod as stored: its {@code definition} (written by the API), what its owner asked for ({@code
 * statusRequested}) and what was last {@code observed} (written by the reconciler). {@code
 * generation} changes whenever the definition changes, so a container created from an older
 * definition can be told apart by its label. {@code uid} is made once, at creation: it names the
 * storage of this pod's life, which a later pod with the same id never gets.
 */
public record Pod(
    PodKey key,
    PodDefinition definition,
    StatusRequested statusRequested,
    PodObserved observed,
    long generation,
    Instant creationTs,
    Instant updateTs,
    String createdBy,
    String uid) {

  public String tenant() {
    return key.tenant();
  }

  public String podId() {
    return key.podId();
  }

  public PodStatus status() {
    return observed.status();
  }

  public Pod withGeneration(long newGeneration) {
    return new Pod(
        key,
        definition,
        statusRequested,
        observed,
        newGeneration,
        creationTs,
        updateTs,
        createdBy,
        uid);
  }

  public Pod withStatusRequested(StatusRequested requested, Instant now) {
    return new Pod(
        key, definition, requested, observed, generation, creationTs, now, createdBy, uid);
  }

  /** The pod with a new definition, as of generation {@code newGeneration}. */
  public Pod withDefinition(PodDefinition changed, long newGeneration, Instant now) {
    return new Pod(
        key, changed, statusRequested, observed, newGeneration, creationTs, now, createdBy, uid);
  }
}
