package io.berth.templates;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Values as a client gave them, for storing and merging definitions field by field. */
public final class GivenValues {
  private GivenValues() {}

  /**
   * A copy of the value without its null fields, at any depth: a field left out or null (a record's
   * absent field) is not one that was set.
   */
  public static JsonNode withoutNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = object.objectNode();
      object
          .properties()
          .forEach(e -> {
            if (!e.getValue().isNull()) {
              copy.set(e.getKey(), withoutNulls(e.getValue()));
            }
          });
      return copy;
    }
    return node.deepCopy();
  }
}
