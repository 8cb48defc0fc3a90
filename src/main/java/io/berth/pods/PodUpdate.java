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

  /** An update that leaves wake_on_connect as it is. */
  public PodUpdate(
      String image,
      String template,
      String podTemplate,
      String description,
      List<Object> command,
      List<Object> arguments,
      Map<String, Object> environmentVariables,
      Map<String, Networking> networking,
      Resources resources,
      Map<String, VolumeMount> volumeMounts,
      Integer timeToStopDefault,
      Integer timeToStopInstance,
      String statusRequested,
      Integer idleTimeout) {
    this(
        image,
        template,
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
        null);
  }

  /** An update that leaves the idle timeout as it is. */
  public PodUpdate(
      String image,
      String template,
      String podTemplate,
      String description,
      List<Object> command,
      List<Object> arguments,
      Map<String, Object> environmentVariables,
      Map<String, Networking> networking,
      Resources resources,
      Map<String, VolumeMount> volumeMounts,
      Integer timeToStopDefault,
      Integer timeToStopInstance,
      String statusRequested) {
    this(
        image,
        template,
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
        null);
  }

  /** Whether the body named no field at all (Tapis's clients drop fields they do not know). */
  boolean givesNothing() {
    return image == null
        && template == null
        && podTemplate == null
        && description == null
        && command == null
        && arguments == null
        && environmentVariables == null
        && networking == null
        && resources == null
        && volumeMounts == null
        && timeToStopDefault == null
        && timeToStopInstance == null
        && statusRequested == null
        && idleTimeout == null;
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
