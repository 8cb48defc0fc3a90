package io.berth.snapshots;

import io.berth.pods.VolumeMount;
import java.time.Instant;

/** A snapshot as stored: a point-in-time copy of a path of a volume. */
public record Snapshot(
    String tenant,
    String snapshotId,
    String sourceVolumeId,
    String sourceVolumePath,
    String destinationPath,
    String description,
    int sizeLimitMb,
    long sizeBytes,
    String status,
    Instant creationTs,
    Instant updateTs,
    String createdBy) {

  public String storageId() {
    return VolumeMount.snapshotStorageId(tenant, snapshotId);
  }
}
