package io.berth.snapshots;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A snapshot as the API shows it: Tapis's fields; size and size_limit in whole MB. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SnapshotView(
    String snapshotId,
    String sourceVolumeId,
    String sourceVolumePath,
    String destinationPath,
    String description,
    int sizeLimit,
    long size,
    String status,
    Instant creationTs,
    Instant updateTs) {}
