package io.berth.templates;

import io.berth.web.RequestText;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v3/pods/templates/{template_id}/tags}; {@code tag} defaults to latest.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewTemplateTag(
    TagDefinition podDefinition,
    @JsonDeserialize(using = RequestText.MultiLine.class) String commitMessage,
    String tag) {}
