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

  /**
   * The one mapping from an update's fields to a change: each given field validated by {@code
   * rules}, those left out null (kept). {@code source} is the new source, if any; {@code queue} a
   * queue the pod moves to (only a move onto a template's tag names one).
   */
  static DefinitionChange of(PodUpdate u, PodSource source, String queue, PodRules rules) {
    return new DefinitionChange(
        source,
        u.description() == null ? null : rules.description(u.description()),
        u.command() == null ? null : rules.command(u.command()),
        u.arguments() == null ? null : rules.arguments(u.arguments()),
        u.environmentVariables() == null ? null : rules.environment(u.environmentVariables()),
        u.networking() == null ? null : rules.networking(u.networking()),
        u.resources(), // checked once merged: the site's bounds apply to the whole
        u.volumeMounts() == null ? null : rules.volumeMounts(u.volumeMounts()),
        u.timeToStopDefault() == null ? null : rules.timeToStopDefault(u.timeToStopDefault()),
        u.timeToStopInstance() == null ? null : rules.timeToStopInstance(u.timeToStopInstance()),
        u.idleTimeout() == null ? null : rules.idleTimeout(u.idleTimeout(), null),
        queue == null ? null : rules.computeQueue(queue),
        u.wakeOnConnect());
  }
}
