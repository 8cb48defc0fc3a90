package io.berth.pods;

import io.berth.web.RequestText;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v3/pods/{pod_id}/save_pod_as_template_tag}: which template the pod's
 * definition becomes a tag of, the tag's name (latest when left out) and its commit message.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewTemplateTagFromPod(
    String templateId,
    String tag,
    @JsonDeserialize(using = RequestText.MultiLine.class) String commitMessage) {}
