package io.berth.templates;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code POST /v3/pods/templates}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewTemplate(
    String templateId, String description, List<String> metatags, String archiveMessage) {}
