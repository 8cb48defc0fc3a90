package io.berth.pods;

import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.templates.Template;
import java.util.List;
import java.util.Map;

/**
 * What a pod's owner asked for, validated: what it runs (a catalog {@code template} by name, whose
 * image it uses, or a plain {@code image}), how, where it answers, with what resources and mounts,
 * and for how long. The reconciler derives the container from it; the API shows it back.
 *
 * @param template the catalog template's name, null for a pod made from a plain image
 * @param image the image the container runs (the template's, for a template pod)
 * @param computeQueue the site's named resource profile the pod's resources come from
 * @param idleTimeout seconds without traffic through the proxy after which the pod is stopped; -1:
 *     never
 * @param wakeOnConnect whether the first request or connection to the pod's URL starts it however
 *     it was stopped (a pod stopped for idleness wakes anyway)
 */
public record PodDefinition(
    String template,
    String image,
    String description,
    List<String> command,
    List<String> arguments,
    Map<String, String> environmentVariables,
    Map<String, Networking> networking,
    Resources resources,
    Map<String, VolumeMount> volumeMounts,
    int timeToStopDefault,
    Integer timeToStopInstance,
    String computeQueue,
    int idleTimeout,
    boolean wakeOnConnect) {

  public static final String DEFAULT_QUEUE = "default";

  public PodDefinition {
    command = command == null ? List.of() : command;
    arguments = arguments == null ? List.of() : arguments;
    environmentVariables = environmentVariables == null ? Map.of() : environmentVariables;
    networking = networking == null ? Map.of() : networking;
    volumeMounts = volumeMounts == null ? Map.of() : volumeMounts;
    computeQueue = computeQueue == null ? DEFAULT_QUEUE : computeQueue;
  }

  public PodDefinition withResources(Resources changed) {
    return new PodDefinition(
        template,
        image,
        description,
        command,
        arguments,
        environmentVariables,
        networking,
        changed,
        volumeMounts,
        timeToStopDefault,
        timeToStopInstance,
        computeQueue,
        idleTimeout,
        wakeOnConnect);
  }

  /** The seconds the running instance lives from its start (-1: until stopped). */
  public int timeToStop() {
    return timeToStopInstance != null ? timeToStopInstance : timeToStopDefault;
  }

  /**
   * What the pod was made from as Berth has always spelled it (the {@code pod_template} field and
   * column): {@code template/<name>} or the image reference.
   */
  public String podTemplate() {
    return template == null ? image : Template.PREFIX + template;
  }
}
