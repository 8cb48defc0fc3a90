package io.berth.processes.packages;

import io.berth.processes.catalog.OgcException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Reads the members of a package, refusing what does not fit with the member's path named. */
final class Fields {
  /** Ids become file names under /inputs and /outputs and path segments: a safe alphabet. */
  static final Pattern ID = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.-]{0,63}$");

  static final int MAX_TEXT = 4096;

  private Fields() {}

  static String text(JsonNode node, String name, String path) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw OgcException.invalid(path + name + " must be a string.");
    }
    String text = value.asString();
    if (text.length() > MAX_TEXT) {
      throw OgcException.invalid(path + name + " must be at most " + MAX_TEXT + " characters.");
    }
    return text;
  }

  static String requiredText(JsonNode node, String name, String path) {
    String text = text(node, name, path);
    if (text == null || text.isBlank()) {
      throw OgcException.invalid(path + name + " is required.");
    }
    return text;
  }

  static List<String> texts(JsonNode node, String name, String path) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    List<String> items = new ArrayList<>();
    if (value.isString()) {
      items.add(value.asString());
      return items;
    }
    if (!value.isArray()) {
      throw OgcException.invalid(path + name + " must be a list of strings.");
    }
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isString()) {
        throw OgcException.invalid(path + name + "[" + i + "] must be a string.");
      }
      items.add(value.get(i).asString());
    }
    return items;
  }

  static Integer integer(JsonNode node, String name, String path, int min, int max) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      throw OgcException.invalid(
          path + name + " must be an integer from " + min + " to " + max + ".");
    }
    return value.asInt();
  }

  static Double number(JsonNode node, String name, String path, double min, double max) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
      throw OgcException.invalid(
          path + name + " must be a number from " + min + " to " + max + ".");
    }
    return value.asDouble();
  }

  static Boolean bool(JsonNode node, String name, String path) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw OgcException.invalid(path + name + " must be true or false.");
    }
    return value.asBoolean();
  }

  static JsonNode object(JsonNode node, String name, String path) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw OgcException.invalid(path + name + " must be an object.");
    }
    return value;
  }

  static String id(String id, String path) {
    if (id == null || !ID.matcher(id).matches()) {
      throw OgcException.invalid(
          path
              + " must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or '_'"
              + " (^[A-Za-z_][A-Za-z0-9_.-]{0,63}$).");
    }
    return id;
  }
}
