package io.berth.templates;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.berth.web.RequestText;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The pod definition a template tag holds (Tapis's TemplateTagPodDefinition): every field optional,
 * since a pod started from the tag gives its own values over these. Loosely typed where a precise
 * message is owed, as a pod's request is. Only the fields given are stored and shown.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagDefinition(
    String image,
    String template,
    String description,
    @JsonDeserialize(contentUsing = RequestText.MultiLine.class) List<Object> command,
    @JsonDeserialize(contentUsing = RequestText.MultiLine.class) List<Object> arguments,
    Map<String, Object> environmentVariables,
    Map<String, Mount> volumeMounts,
    Integer timeToStopDefault,
    Integer timeToStopInstance,
    Map<String, Networking> networking,
    Resources resources,
    String computeQueue) {

  /** One entry of {@code volume_mounts}: a volume or snapshot id maps to where it is mounted. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Mount(String type, String mountPath, String subPath) {}
}
