package io.berth.pods;

import io.berth.templates.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies a {@link DefinitionChange} to a {@link PodDefinition}: a pure function, so the update's
 * rules (a field given replaces the stored one, resources field by field, only a different source
 * counts as a change) are unit-tested without a database, and a template's fields can be merged the
 * same way.
 */
public final class DefinitionMerge {
  private DefinitionMerge() {}

  /** The merged definition and the API names of the fields the change touched, in field order. */
  public record Result(PodDefinition definition, List<String> changed) {}

  public static Result apply(PodDefinition current, DefinitionChange change) {
    List<String> changed = new ArrayList<>();
    String template = current.template();
    String image = current.image();
    if (change.source() != null
        && !(Objects.equals(change.source().templateName(), current.template())
            && Objects.equals(change.source().image(), current.image()))) {
      template = change.source().templateName();
      image = change.source().image();
      changed.add(template != null ? "template" : "image");
    }
    PodDefinition merged =
        new PodDefinition(
            template,
            image,
            pick(change.description(), current.description(), "description", changed),
            pick(change.command(), current.command(), "command", changed),
            pick(change.arguments(), current.arguments(), "arguments", changed),
            pick(
                change.environmentVariables(),
                current.environmentVariables(),
                "environment_variables",
                changed),
            pick(change.networking(), current.networking(), "networking", changed),
            resources(change.resources(), current.resources(), changed),
            pick(change.volumeMounts(), current.volumeMounts(), "volume_mounts", changed),
            pick(
                change.timeToStopDefault(),
                current.timeToStopDefault(),
                "time_to_stop_default",
                changed),
            pick(
                change.timeToStopInstance(),
                current.timeToStopInstance(),
                "time_to_stop_instance",
                changed),
            queue(change.computeQueue(), current.computeQueue(), changed),
            pick(change.idleTimeout(), current.idleTimeout(), "idle_timeout", changed),
            pick(change.wakeOnConnect(), current.wakeOnConnect(), "wake_on_connect", changed));
    return new Result(merged, List.copyOf(changed));
  }

  /** Resources change field by field: those given replace, the rest stay. */
  private static Resources resources(Resources given, Resources current, List<String> changed) {
    if (given == null) {
      return current;
    }
    Resources merged = current == null ? given : given.withDefaultsFrom(current);
    if (!merged.equals(current)) {
      changed.add("resources");
    }
    return merged;
  }

  /** The queue changes only when another is named (the pod's resources are then bounded anew). */
  private static String queue(String given, String current, List<String> changed) {
    if (given == null || given.equals(current)) {
      return current;
    }
    changed.add("compute_queue");
    return given;
  }

  /** A value given counts as a change only when it differs from the stored one (as in Tapis). */
  private static <T> T pick(T given, T current, String field, List<String> changed) {
    if (given == null) {
      return current;
    }
    if (!given.equals(current)) {
      changed.add(field);
    }
    return given;
  }
}
