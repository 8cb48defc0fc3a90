package io.berth.snapshots;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code PUT /v3/pods/snapshots/{snapshot_id}}: the description and the schedule
 * ({@code cron}, {@code retention_policy}; "" removes either) change; what is left out stays.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SnapshotUpdate(String description, String cron, String retentionPolicy) {}
