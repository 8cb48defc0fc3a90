package io.berth.templates;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lays a pod request over a tag's pod definition, as Tapis does: a field the request gives wins
 * over the tag's; within {@code environment_variables} and {@code resources} the request's keys win
 * one by one, so a pod can change one variable or one limit and keep the rest. Pure, for the pods
 * feature to call when pods start from templates (and to show as {@code derived}).
 */
public final class TemplateMerge {
  /** Fields merged key by key rather than replaced whole. */
  static final Set<String> MERGED_BY_KEY = Set.of("environment_variables", "resources");

  private TemplateMerge() {}

  /** The merged definition and, for each of its fields, where it came from. */
  public record Merged(ObjectNode definition, Map<String, Source> sources) {}

  /** Where a field of the merged definition came from. */
  public enum Source {
    TEMPLATE,
    POD,
    BOTH
  }

  /** Merges; fields null or absent in the request are the tag's. */
  public static Merged merge(JsonNode tag, JsonNode request) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    Map<String, Source> sources = new LinkedHashMap<>();
    tag.properties()
        .forEach(e -> {
          if (!e.getValue().isNull()) {
            result.set(e.getKey(), e.getValue().deepCopy());
            sources.put(e.getKey(), Source.TEMPLATE);
          }
        });
    request
        .properties()
        .forEach(e -> {
          String field = e.getKey();
          JsonNode value = e.getValue();
          if (value.isNull()) {
            return;
          }
          JsonNode fromTag = result.get(field);
          if (MERGED_BY_KEY.contains(field)
              && fromTag instanceof ObjectNode base
              && value.isObject()) {
            ObjectNode merged = base.deepCopy();
            value.properties().forEach(kv -> merged.set(kv.getKey(), kv.getValue().deepCopy()));
            result.set(field, merged);
            sources.put(field, Source.BOTH);
          } else {
            result.set(field, value.deepCopy());
            sources.put(field, Source.POD);
          }
        });
    return new Merged(result, sources);
  }
}
