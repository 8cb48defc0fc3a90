package io.berth.volumes;

import io.berth.pods.VolumeMount;
import io.berth.runtime.storage.VolumeStorage;
import java.time.Instant;

/** A volume as stored. Its bytes live in {@link VolumeStorage} under {@link #storageId()}. */
public record Volume(
    String tenant,
    String volumeId,
    String description,
    int sizeLimitMb,
    String status,
    Instant creationTs,
    Instant updateTs,
    String createdBy) {

  public String storageId() {
    return storageId(tenant, volumeId);
  }

  public static String storageId(String tenant, String volumeId) {
    return VolumeMount.volumeStorageId(tenant, volumeId);
  }

  public long sizeLimitBytes() {
    return sizeLimitMb * 1024L * 1024L;
  }
}
