package io.berth.pods;

import io.berth.templates.Networking;
import io.berth.templates.Resources;
import java.util.List;
import java.util.Map;

/**
 * Validated changes to a pod's definition; a null field keeps what the definition has. An update
 * becomes one; so can a template's fields, applied to a definition before the user's own.
 *
 * @param resources partial resources: the fields given replace the definition's, one by one
 * @param computeQueue a validated queue: only a move onto a template's newer tag changes it (the
 *     Tapis update has no such field)
 * @param wakeOnConnect whether a connection to the stopped pod starts it
 */
public record DefinitionChange(
    PodSource source,
    String description,
    List<String> command,
    List<String> arguments,
    Map<String, String> environmentVariables,
    Map<String, Networking> networking,
    Resources resources,
    Map<String, VolumeMount> volumeMounts,
    Integer timeToStopDefault,
    Integer timeToStopInstance,
    Integer idleTimeout,
    String computeQueue,
    Boolean wakeOnConnect) {

  /** A change that leaves the compute queue and wake_on_connect as they are. */
  public DefinitionChange(
      PodSource source,
      String description,
      List<String> command,
      List<String> arguments,
      Map<String, String> environmentVariables,
      Map<String, Networking> networking,
      Resources resources,
      Map<String, VolumeMount> volumeMounts,
      Integer timeToStopDefault,
      Integer timeToStopInstance,
      Integer idleTimeout) {
    this(
        source,
        description,
        command,
        arguments,
        environmentVariables,
        networking,
        resources,
        volumeMounts,
        timeToStopDefault,
        timeToStopInstance,
        idleTimeout,
        null,
        null);
  }

  /** A change that leaves the idle timeout as it is. */
  public DefinitionChange(
      PodSource source,
      String description,
      List<String> command,
      List<String> arguments,
      Map<String, String> environmentVariables,
      Map<String, Networking> networking,
      Resources resources,
      Map<String, VolumeMount> volumeMounts,
      Integer timeToStopDefault,
      Integer timeToStopInstance) {
    this(
        source,
        description,
        command,
        arguments,
        environmentVariables,
        networking,
        resources,
        volumeMounts,
        timeToStopDefault,
        timeToStopInstance,
        null,
        null,
        null);
  }
}
