package io.berth.volumes;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code PUT /v3/pods/volumes/{volume_id}}: fields left out keep their value. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VolumeUpdate(String description, Integer sizeLimit) {}
