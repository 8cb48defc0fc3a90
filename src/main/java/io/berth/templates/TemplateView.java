package io.berth.templates;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A template as the API shows it (Tapis's TemplateResponseModel). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TemplateView(
    String templateId,
    String description,
    List<String> metatags,
    String archiveMessage,
    Instant creationTs,
    Instant updateTs) {}
