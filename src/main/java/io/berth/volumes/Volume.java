package io.berth.volumes;

import io.berth.runtime.storage.VolumeStorage;
import java.time.Instant;

/**
 * A volume as stored. Its bytes live in {@link VolumeStorage} under {@code storageId}, made when
 * the volume was created (or, for a deleted pod's kept data, the storage of that pod's life): never
 * derived from the name, so a later volume with this name never reaches them.
 */
public record Volume(
    String tenant,
    String volumeId,
    String description,
    int sizeLimitMb,
    String status,
    Instant creationTs,
    Instant updateTs,
    String createdBy,
    String storageId) {

  public long sizeLimitBytes() {
    return sizeLimitMb * 1024L * 1024L;
  }
}
