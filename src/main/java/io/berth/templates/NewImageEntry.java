package io.berth.templates;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code POST /v3/pods/images}: a glob pattern for the caller's tenant. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewImageEntry(String image, String description) {}
