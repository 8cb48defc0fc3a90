package io.berth.processes.catalog;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What Berth reads from an input's or output's schema: whether values are binary (base64 in JSON,
 * bytes in files), a reference to a directory, or literal JSON; and their media type.
 */
public final class Schemas {
  private Schemas() {}

  /** Binary content: {@code contentEncoding} base64/binary or {@code format} byte/binary. */
  public static boolean binary(JsonNode schema) {
    List<JsonNode> variants = variants(schema);
    return !variants.isEmpty() && variants.stream().allMatch(Schemas::binaryOne);
  }

  /** A directory (CWL's Directory): given and returned by reference only. */
  public static boolean directory(JsonNode schema) {
    return schema != null
        && "uri".equals(text(schema, "format"))
        && !schema.has("contentMediaType");
  }

  /** A value JSON holds as it is: neither binary nor a directory. */
  public static boolean literal(JsonNode schema) {
    return !binary(schema) && !directory(schema);
  }

  public static String type(JsonNode schema) {
    for (JsonNode v : variants(schema)) {
      String type = text(v, "type");
      if (type != null) {
        return type;
      }
    }
    return null;
  }

  /** The media type of values: the schema's contentMediaType, else by JSON type. */
  public static String mediaType(JsonNode schema) {
    for (JsonNode v : variants(schema)) {
      String media = text(v, "contentMediaType");
      if (media != null) {
        return media;
      }
    }
    if (binary(schema)) {
      return "application/octet-stream";
    }
    String type = type(schema);
    return type == null || type.equals("string") ? "text/plain" : "application/json";
  }

  /** The schema itself, or its oneOf/anyOf alternatives. */
  static List<JsonNode> variants(JsonNode schema) {
    List<JsonNode> variants = new ArrayList<>();
    if (schema == null || !schema.isObject()) {
      return variants;
    }
    for (String key : List.of("oneOf", "anyOf")) {
      JsonNode list = schema.get(key);
      if (list != null && list.isArray()) {
        list.forEach(variants::add);
      }
    }
    if (variants.isEmpty()) {
      variants.add(schema);
    }
    return variants;
  }

  private static boolean binaryOne(JsonNode schema) {
    String encoding = text(schema, "contentEncoding");
    String format = text(schema, "format");
    return "base64".equals(encoding)
        || "binary".equals(encoding)
        || "byte".equals(format)
        || "binary".equals(format);
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value != null && value.isString() ? value.asString() : null;
  }
}
