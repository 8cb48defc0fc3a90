package io.berth.templates;

/**
 * The pod rules a tag's definition must keep, implemented by the pods feature (templates never
 * import pods). Checks only the fields the definition gives; a refusal names the field below {@code
 * pod_definition} ({@code pod_definition.networking.default.port}) and the rule.
 */
public interface PodDefinitionRules {
  void check(TagDefinition definition);
}
