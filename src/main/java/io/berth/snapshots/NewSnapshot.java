package io.berth.snapshots;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v3/pods/snapshots}; {@code cron} and {@code retention_policy} make it a
 * schedule too (see {@link SnapshotSchedule}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewSnapshot(
    String snapshotId,
    String sourceVolumeId,
    String sourceVolumePath,
    String destinationPath,
    String description,
    Integer sizeLimit,
    String cron,
    String retentionPolicy) {}
