package io.berth.volumes;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code POST /v3/pods/volumes}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewVolume(String volumeId, String description, Integer sizeLimit) {}
