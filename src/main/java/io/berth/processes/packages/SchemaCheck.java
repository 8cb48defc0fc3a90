package io.berth.processes.packages;

import io.berth.processes.catalog.OgcException;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An input's or output's schema must stay within the schema model of OGC's process description (a
 * subset of OpenAPI 3.0's), so that every description Berth serves validates against it; a keyword
 * outside it is refused, naming where it is.
 */
final class SchemaCheck {
  static final Set<String> KEYWORDS =
      Set.of(
          "title",
          "multipleOf",
          "maximum",
          "exclusiveMaximum",
          "minimum",
          "exclusiveMinimum",
          "maxLength",
          "minLength",
          "pattern",
          "maxItems",
          "minItems",
          "uniqueItems",
          "maxProperties",
          "minProperties",
          "required",
          "enum",
          "type",
          "not",
          "allOf",
          "oneOf",
          "anyOf",
          "items",
          "properties",
          "additionalProperties",
          "description",
          "format",
          "default",
          "nullable",
          "readOnly",
          "writeOnly",
          "example",
          "deprecated",
          "contentMediaType",
          "contentEncoding",
          "contentSchema");

  static final Set<String> TYPES =
      Set.of("array", "boolean", "integer", "number", "object", "string");
  private static final int MAX_DEPTH = 16;

  private SchemaCheck() {}

  static JsonNode check(JsonNode schema, String path) {
    check(schema, path, 0);
    return schema;
  }

  private static void check(JsonNode schema, String path, int depth) {
    if (schema == null || !schema.isObject()) {
      throw OgcException.invalid(path + " must be a JSON schema object.");
    }
    if (depth > MAX_DEPTH) {
      throw OgcException.invalid(path + " nests more than " + MAX_DEPTH + " levels.");
    }
    if (schema.has("$ref")) {
      if (schema.size() != 1 || !schema.get("$ref").isString()) {
        throw OgcException.invalid(path + ": a $ref must be alone and a string.");
      }
      return;
    }
    for (Map.Entry<String, JsonNode> e : schema.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (!KEYWORDS.contains(key)) {
        throw OgcException.invalid(
            path + ": keyword '" + key + "' is not part of OGC's process description schema.");
      }
      switch (key) {
        case "type" -> {
          if (!value.isString() || !TYPES.contains(value.asString())) {
            throw OgcException.invalid(path + ".type must be one of " + TYPES + ".");
          }
        }
        case "not", "items" -> check(value, path + "." + key, depth + 1);
        case "allOf", "oneOf", "anyOf" -> {
          if (!value.isArray() || value.isEmpty()) {
            throw OgcException.invalid(path + "." + key + " must be a non-empty list of schemas.");
          }
          for (int i = 0; i < value.size(); i++) {
            check(value.get(i), path + "." + key + "[" + i + "]", depth + 1);
          }
        }
        case "properties" -> {
          if (!value.isObject()) {
            throw OgcException.invalid(path + ".properties must be an object of schemas.");
          }
          for (Map.Entry<String, JsonNode> p : value.properties()) {
            check(p.getValue(), path + ".properties." + p.getKey(), depth + 1);
          }
        }
        case "additionalProperties" -> {
          if (!value.isBoolean()) {
            check(value, path + ".additionalProperties", depth + 1);
          }
        }
        case "enum", "required" -> {
          if (!value.isArray() || value.isEmpty()) {
            throw OgcException.invalid(path + "." + key + " must be a non-empty list.");
          }
        }
        case "title",
            "description",
            "format",
            "pattern",
            "contentMediaType",
            "contentEncoding",
            "contentSchema" -> {
          if (!value.isString()) {
            throw OgcException.invalid(path + "." + key + " must be a string.");
          }
        }
        default -> {
          // numbers and flags: their JSON types are checked by the schema model's users
        }
      }
    }
  }
}
