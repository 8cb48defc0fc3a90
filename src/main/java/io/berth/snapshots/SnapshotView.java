package io.berth.snapshots;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A snapshot as the API shows it: Tapis's fields; size and size_limit in whole MB; cron and
 * retention_policy "" unless it is a schedule.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SnapshotView(
    String snapshotId,
    String sourceVolumeId,
    String sourceVolumePath,
    String destinationPath,
    String description,
    int sizeLimit,
    String cron,
    String retentionPolicy,
    long size,
    String status,
    Instant creationTs,
    Instant updateTs) {}
