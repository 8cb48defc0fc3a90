package io.berth.pods;

import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.web.RequestText;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v3/pods}: what the pod runs ({@code image}, {@code template}, or Berth's
 * older {@code pod_template}) and how. Loosely typed where a precise message is owed (command
 * items, variable values), so the rules can name the field that is wrong. {@code
 * placeholder_values} (Berth's own) gives the values its {@code ${pods:value:NAME}} placeholders
 * need.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NewPod(
    String podId,
    String image,
    String template,
    String podTemplate,
    String description,
    @JsonDeserialize(contentUsing = RequestText.MultiLine.class) List<Object> command,
    @JsonDeserialize(contentUsing = RequestText.MultiLine.class) List<Object> arguments,
    Map<String, Object> environmentVariables,
    String statusRequested,
    Map<String, Networking> networking,
    Resources resources,
    Map<String, VolumeMount> volumeMounts,
    Integer timeToStopDefault,
    Integer timeToStopInstance,
    String computeQueue,
    Integer idleTimeout,
    Map<String, String> placeholderValues,
    Boolean wakeOnConnect) {}
