package io.berth.processes.packages;

import io.berth.processes.catalog.ExecutionUnit.Argument;
import io.berth.processes.catalog.OgcException;
import tools.jackson.databind.JsonNode;

/**
 * Input and output bindings, shared by docker units and CWL: a prefix, a position, whether the
 * prefix is its own word, an item separator; output globs relative to /outputs. Expressions ({@code
 * $(...)}, {@code ${...}}) and valueFrom are refused: Berth evaluates no JavaScript.
 */
final class Bindings {
  private Bindings() {}

  static Argument input(String inputId, JsonNode binding, String path) {
    if (binding == null || binding.isNull()) {
      return new Argument(0, null, inputId, null, true, null);
    }
    if (!binding.isObject()) {
      throw OgcException.invalid(path.substring(0, path.length() - 1) + " must be an object.");
    }
    if (binding.has("valueFrom")) {
      throw OgcException.unprocessable(path + "valueFrom is not supported (no expressions).");
    }
    Integer position = Fields.integer(binding, "position", path, -100_000, 100_000);
    JsonNode separate = binding.get("separate");
    if (separate != null && !separate.isBoolean()) {
      throw OgcException.invalid(path + "separate must be true or false.");
    }
    return new Argument(
        position == null ? 0 : position,
        null,
        inputId,
        literal(Fields.text(binding, "prefix", path), path + "prefix"),
        separate == null || separate.asBoolean(),
        literal(Fields.text(binding, "itemSeparator", path), path + "itemSeparator"));
  }

  /** A glob under /outputs: relative, no "..", no expression. */
  static String glob(String glob, String path) {
    literal(glob, path);
    String trimmed = glob.startsWith("./") ? glob.substring(2) : glob;
    if (trimmed.isBlank()
        || trimmed.startsWith("/")
        || trimmed.equals("..")
        || trimmed.startsWith("../")
        || trimmed.contains("/../")
        || trimmed.endsWith("/..")) {
      throw OgcException.invalid(
          path + " must be a relative pattern under /outputs, without '..'.");
    }
    return trimmed;
  }

  static String literal(String text, String path) {
    if (text != null && (text.contains("$(") || text.contains("${"))) {
      throw OgcException.unprocessable(path + " holds an expression; Berth evaluates none.");
    }
    return text;
  }
}
