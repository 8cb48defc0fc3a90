package io.berth.snapshots;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code PUT /v3/pods/snapshots/{snapshot_id}}: only the description changes. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SnapshotUpdate(String description) {}
