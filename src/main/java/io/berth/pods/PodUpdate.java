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
 * The body of {@code PUT /v3/pods/{pod_id}}: fields left out keep their value. Changes to what the
 * container runs take effect at the pod's next start or restart, as in Tapis; {@code
 * status_requested} (ON, OFF or RESTART) asks for that start, stop or restart.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PodUpdate(
    String image,
    String template,
    String podTemplate,
    String description,
    @JsonDeserialize(contentUsing = RequestText.MultiLine.class) List<Object> command,
    @JsonDeserialize(contentUsing = RequestText.MultiLine.class) List<Object> arguments,
    Map<String, Object> environmentVariables,
    Map<String, Networking> networking,
    Resources resources,
    Map<String, VolumeMount> volumeMounts,
    Integer timeToStopDefault,
    Integer timeToStopInstance,
    String statusRequested,
    Integer idleTimeout,
    Boolean wakeOnConnect) {

  /** The body that names no field. */
  private static final PodUpdate NOTHING =
      new PodUpdate(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /**
   * Whether the body named no field at all (Tapis's clients drop fields they do not know): every
   * field, whichever is added later, is null.
   */
  boolean givesNothing() {
    return equals(NOTHING);
  }

  /** Whether this update's template is the stored template a pod came from. */
  boolean names(TemplateOrigin origin) {
    return template != null
        && (template.equals(origin.reference()) || template.equals(origin.templateId()));
  }

  PodUpdate withoutTemplate() {
    return new PodUpdate(
        image,
        null,
        podTemplate,
        description,
        command,
        arguments,
        environmentVariables,
        networking,
        resources,
        volumeMounts,
        timeToStopDefault,
        timeToStopInstance,
        statusRequested,
        idleTimeout,
        wakeOnConnect);
  }
}
