package io.berth.pods;

import io.berth.templates.PodDefinitionRules;
import io.berth.templates.TagDefinition;
import io.berth.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A template tag's pod definition kept to the same rules as a pod's request: each field the tag
 * gives is checked by {@link PodRules}, and a refusal names the field below {@code pod_definition}.
 */
@Component
class TemplatePodRules implements PodDefinitionRules {
  private static final String PREFIX = "pod_definition.";

  private final PodRules rules;

  TemplatePodRules(PodRules rules) {
    this.rules = rules;
  }

  @Override
  public void check(TagDefinition d) {
    try {
      rules.description(d.description());
      rules.command(d.command());
      rules.arguments(d.arguments());
      rules.environment(d.environmentVariables());
      if (d.networking() != null) {
        rules.networking(d.networking());
      }
      if (d.resources() != null) {
        rules.resources(d.resources());
      }
      rules.timeToStopDefault(d.timeToStopDefault());
      rules.timeToStopInstance(d.timeToStopInstance());
      rules.volumeMounts(mounts(d.volumeMounts()));
    } catch (ApiException e) {
      throw new ApiException(e.status(), underDefinition(e.getMessage()));
    }
  }

  private static Map<String, VolumeMount> mounts(Map<String, TagDefinition.Mount> mounts) {
    if (mounts == null) {
      return null;
    }
    Map<String, VolumeMount> result = new LinkedHashMap<>();
    mounts.forEach((id, m) ->
        result.put(id, m == null ? null : new VolumeMount(m.type(), m.mountPath(), m.subPath())));
    return result;
  }

  /** "Field networking.x ..." becomes "Field pod_definition.networking.x ...". */
  static String underDefinition(String message) {
    if (message.startsWith("Field ")) {
      return "Field " + PREFIX + message.substring("Field ".length());
    }
    if (message.startsWith("Fields ")) {
      return "Fields " + PREFIX + message.substring("Fields ".length());
    }
    return PREFIX.substring(0, PREFIX.length() - 1) + ": " + message;
  }
}
