package io.berth.templates;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The spec's {@code NewImage}, the body of {@code POST /v3/pods/images} (and each item of {@code
 * /bulk}): a glob pattern; {@code tenants}, when given, may name only the caller's own tenant.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewImageEntry(String image, List<String> tenants, String description) {}
