package io.berth.snapshots;

import java.time.Instant;

/**
 * A snapshot as stored: a point-in-time copy of a path of a volume, kept under the {@code
 * storageId} made when it was taken.
 */
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
    String createdBy,
    String storageId) {
  /** The status of a snapshot being taken. */
  public static final String CREATING = "CREATING";
}
