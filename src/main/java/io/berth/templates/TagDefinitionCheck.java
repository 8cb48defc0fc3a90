package io.berth.templates;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a tag's pod definition by the rules a pod's request keeps (the pods feature's, through
 * {@link PodDefinitionRules}) plus those that are the templates' own (image allowlist, references
 * to templates), and returns it as stored: the fields given, nothing null, at most {@link
 * #MAX_BYTES} bytes of JSON.
 */
@Component
class TagDefinitionCheck {
  static final int MAX_BYTES = 64 * 1024;
  private static final Pattern QUEUE = Pattern.compile("^[a-z0-9]{1,64}$");

  private final PodDefinitionRules podRules;
  private final ImageAllowlist allowlist;
  private final JsonMapper json;

  TagDefinitionCheck(PodDefinitionRules podRules, ImageAllowlist allowlist, JsonMapper json) {
    this.podRules = podRules;
    this.allowlist = allowlist;
    this.json = json;
  }

  JsonNode checked(Caller caller, TagDefinition definition) {
    if (definition == null) {
      throw ApiException.badRequest("Field pod_definition is required.");
    }
    if (definition.image() != null) {
      image(caller, definition.image());
    }
    if (definition.template() != null) {
      TagReference.parse("pod_definition.template", definition.template());
    }
    if (definition.computeQueue() != null && !QUEUE.matcher(definition.computeQueue()).matches()) {
      throw ApiException.badRequest(
          "Field pod_definition.compute_queue must be 1 to 64 lowercase letters and digits.");
    }
    podRules.check(definition);
    placeholders(definition);
    JsonNode stored = GivenValues.withoutNulls(json.valueToTree(definition));
    if (json.writeValueAsString(stored).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw ApiException.badRequest(
          "Field pod_definition must be at most " + MAX_BYTES + " bytes as JSON.");
    }
    return stored;
  }

  /** Only placeholders Berth knows: a tag's unknown one would reach no pod (400 naming it). */
  private static void placeholders(TagDefinition d) {
    if (d.environmentVariables() != null) {
      d.environmentVariables()
          .forEach((name, value) ->
              Placeholders.in(
                  "pod_definition.environment_variables." + name, String.valueOf(value)));
    }
    items("pod_definition.command", d.command());
    items("pod_definition.arguments", d.arguments());
  }

  private static void items(String field, java.util.List<Object> values) {
    for (int i = 0; values != null && i < values.size(); i++) {
      Placeholders.in(field + "[" + i + "]", String.valueOf(values.get(i)));
    }
  }

  private void image(Caller caller, String image) {
    if (!ImageReference.isValid(image)) {
      throw ApiException.badRequest(
          "Field pod_definition.image must be an image reference like"
              + " docker.io/library/nginx:1.27.");
    }
    if (!allowlist.allows(caller.tenant(), image)) {
      throw ApiException.badRequest(
          "Field pod_definition.image: image "
              + image
              + " is not on the image allowlist (GET /v3/pods/images).");
    }
  }
}
