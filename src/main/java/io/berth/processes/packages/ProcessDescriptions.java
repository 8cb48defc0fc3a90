package io.berth.processes.packages;

import io.berth.processes.catalog.InputDescription;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.OutputDescription;
import io.berth.processes.catalog.ProcessDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An application package's process description, read into the model: OGC's members only (others,
 * such as {@code additionalParameters} or {@code links}, are not kept), each checked and named when
 * refused.
 */
final class ProcessDescriptions {
  static final String DEFAULT_VERSION = "1.0.0";
  private static final int MAX_PARAMETERS = 100;

  private ProcessDescriptions() {}

  /** {@code node} is the description, or OGC's newer {@code {"process": description}} form. */
  static ProcessDescription parse(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw OgcException.invalid(path + " must be an object describing the process.");
    }
    if (node.has("process") && node.get("process").isObject()) {
      node = node.get("process");
      path = path + "process.";
    }
    String id = Fields.id(Fields.text(node, "id", path), path + "id");
    Map<String, InputDescription> inputs = new LinkedHashMap<>();
    JsonNode inputsNode = Fields.object(node, "inputs", path);
    if (inputsNode != null) {
      limit(inputsNode, path + "inputs");
      for (Map.Entry<String, JsonNode> e : inputsNode.properties()) {
        String at = path + "inputs." + e.getKey();
        inputs.put(Fields.id(e.getKey(), at), input(e.getValue(), at + "."));
      }
    }
    Map<String, OutputDescription> outputs = new LinkedHashMap<>();
    JsonNode outputsNode = Fields.object(node, "outputs", path);
    if (outputsNode != null) {
      limit(outputsNode, path + "outputs");
      for (Map.Entry<String, JsonNode> e : outputsNode.properties()) {
        String at = path + "outputs." + e.getKey();
        outputs.put(Fields.id(e.getKey(), at), output(e.getValue(), at + "."));
      }
    }
    return new ProcessDescription(
        id,
        orDefault(Fields.text(node, "version", path), DEFAULT_VERSION),
        Fields.text(node, "title", path),
        Fields.text(node, "description", path),
        orDefault(Fields.texts(node, "keywords", path), List.of()),
        subset(
            Fields.texts(node, "jobControlOptions", path),
            ProcessDescription.ALL_CONTROL_OPTIONS,
            path + "jobControlOptions"),
        subset(
            Fields.texts(node, "outputTransmission", path),
            ProcessDescription.ALL_TRANSMISSIONS,
            path + "outputTransmission"),
        inputs,
        outputs);
  }

  static InputDescription input(JsonNode node, String path) {
    if (!node.isObject()) {
      throw OgcException.invalid(path.substring(0, path.length() - 1) + " must be an object.");
    }
    int minOccurs = orDefault(Fields.integer(node, "minOccurs", path, 0, 1000), 1);
    Integer maxOccurs = 1;
    JsonNode max = node.get("maxOccurs");
    if (max != null && max.isString() && max.asString().equals("unbounded")) {
      maxOccurs = null;
    } else if (max != null && !max.isNull()) {
      maxOccurs = Fields.integer(node, "maxOccurs", path, 1, 100_000);
    }
    if (maxOccurs != null && maxOccurs < minOccurs) {
      throw OgcException.invalid(path + "maxOccurs must not be below minOccurs.");
    }
    return new InputDescription(
        Fields.text(node, "title", path),
        Fields.text(node, "description", path),
        minOccurs,
        maxOccurs,
        SchemaCheck.check(node.get("schema"), path + "schema"));
  }

  static OutputDescription output(JsonNode node, String path) {
    if (!node.isObject()) {
      throw OgcException.invalid(path.substring(0, path.length() - 1) + " must be an object.");
    }
    return new OutputDescription(
        Fields.text(node, "title", path),
        Fields.text(node, "description", path),
        SchemaCheck.check(node.get("schema"), path + "schema"));
  }

  private static void limit(JsonNode members, String path) {
    if (members.size() > MAX_PARAMETERS) {
      throw OgcException.invalid(path + " may have at most " + MAX_PARAMETERS + " members.");
    }
  }

  private static List<String> subset(List<String> given, List<String> allowed, String path) {
    if (given == null) {
      return allowed;
    }
    for (String value : given) {
      if (!allowed.contains(value)) {
        throw OgcException.invalid(
            path + " may hold only " + allowed + "; '" + value + "' is not.");
      }
    }
    if (given.isEmpty()) {
      throw OgcException.invalid(path + " must not be empty.");
    }
    return given.stream().distinct().toList();
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
