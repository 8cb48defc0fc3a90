package io.berth.processes.jobs;

import io.berth.processes.catalog.InputDescription;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.OutputDescription;
import io.berth.processes.catalog.ProcessDescription;
import io.berth.processes.catalog.Schemas;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads an execute request (OGC API - Processes 1.0) against its process: every input named must
 * exist and fit its schema and occurrences, required ones must be there (defaults fill the rest),
 * outputs must exist and be wanted in a transmission the process offers. Refusals are 400 with
 * OGC's exception types, naming the input or member.
 */
@Component
public class ExecuteRequests {
  private static final Set<String> MEMBERS =
      Set.of("inputs", "outputs", "response", "subscriber", "id");

  private final InputSchemas schemas = new InputSchemas();

  public ExecuteRequest read(JsonNode body, ProcessDescription process) {
    if (body == null || !body.isObject()) {
      throw OgcException.invalid("The execute request must be a JSON object with inputs.");
    }
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (!MEMBERS.contains(e.getKey())) {
        throw OgcException.invalid(
            "Member '"
                + e.getKey()
                + "' is not part of an execute request (inputs, outputs, response).");
      }
    }
    if (body.has("subscriber")) {
      throw OgcException.invalid("subscriber: callbacks are not supported by this server.");
    }
    JsonNode id = body.get("id");
    if (id != null && !(id.isString() && id.asString().equals(process.id()))) {
      throw OgcException.invalid("id must be the process's id, " + process.id() + ", when given.");
    }
    return new ExecuteRequest(
        inputs(body.get("inputs"), process),
        outputs(body.get("outputs"), process),
        response(body.get("response")));
  }

  private Map<String, List<InputValue>> inputs(JsonNode node, ProcessDescription process) {
    if (node != null && !node.isNull() && !node.isObject()) {
      throw OgcException.invalid("inputs must be an object of input values by input id.");
    }
    Map<String, List<InputValue>> inputs = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        InputDescription input = process.inputs().get(e.getKey());
        if (input == null) {
          throw OgcException.invalid(
              "inputs." + e.getKey() + ": process " + process.id() + " has no such input.");
        }
        inputs.put(e.getKey(), occurrences(e.getKey(), input, e.getValue()));
      }
    }
    for (Map.Entry<String, InputDescription> e : process.inputs().entrySet()) {
      if (inputs.containsKey(e.getKey())) {
        continue;
      }
      JsonNode fallback = e.getValue().schema().get("default");
      if (fallback != null) {
        inputs.put(e.getKey(), List.of(InputValue.literal(fallback)));
      } else if (e.getValue().minOccurs() > 0) {
        throw OgcException.missing("inputs." + e.getKey() + " is required.");
      }
    }
    return inputs;
  }

  private List<InputValue> occurrences(String id, InputDescription input, JsonNode value) {
    List<JsonNode> given = new ArrayList<>();
    boolean arraySchema = "array".equals(Schemas.type(input.schema()));
    if (value.isArray() && input.repeatable() && !arraySchema) {
      value.forEach(given::add);
    } else {
      given.add(value);
    }
    if (given.size() < input.minOccurs()) {
      throw OgcException.invalid(
          "inputs."
              + id
              + " needs at least "
              + input.minOccurs()
              + " values; it has "
              + given.size()
              + ".");
    }
    if (input.maxOccurs() != null && given.size() > input.maxOccurs()) {
      throw OgcException.invalid(
          "inputs."
              + id
              + " takes at most "
              + input.maxOccurs()
              + " values; it has "
              + given.size()
              + ".");
    }
    List<InputValue> values = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String at = "inputs." + id + (given.size() > 1 ? "[" + i + "]" : "");
      values.add(one(at, input, given.get(i)));
    }
    return values;
  }

  private InputValue one(String at, InputDescription input, JsonNode value) {
    boolean binary = Schemas.binary(input.schema());
    if (value.isObject() && value.has("href")) {
      JsonNode href = value.get("href");
      if (!href.isString()
          || !(href.asString().startsWith("http://") || href.asString().startsWith("https://"))) {
        throw OgcException.invalid(at + ".href must be an http(s) URL.");
      }
      JsonNode type = value.get("type");
      return new InputValue(
          null, href.asString(), type != null && type.isString() ? type.asString() : null, false);
    }
    if (Schemas.directory(input.schema())) {
      throw OgcException.invalid(at + " is a directory: give it by reference ({\"href\": ...}).");
    }
    String mediaType = null;
    String encoding = null;
    JsonNode literal = value;
    if (value.isObject() && value.has("value")) {
      literal = value.get("value");
      mediaType = text(value, "mediaType", at);
      encoding = text(value, "encoding", at);
    }
    boolean base64 = binary || "base64".equalsIgnoreCase(encoding);
    if (base64) {
      if (!literal.isString()) {
        throw OgcException.invalid(at + " is binary: give it base64-encoded or by reference.");
      }
      try {
        // strict (line breaks allowed): text that is not base64 is refused, not half-decoded
        Base64.getDecoder().decode(literal.asString().replaceAll("[\\r\\n]", ""));
      } catch (IllegalArgumentException e) {
        throw OgcException.invalid(at + " is not valid base64.");
      }
    } else {
      String problem = schemas.problem(input.schema(), literal);
      if (problem != null) {
        throw OgcException.invalid(at + " does not fit its schema: " + problem);
      }
    }
    return new InputValue(literal, null, mediaType, base64);
  }

  private static Map<String, OutputRequest> outputs(JsonNode node, ProcessDescription process) {
    Map<String, OutputRequest> outputs = new LinkedHashMap<>();
    String fallback =
        process.outputTransmission().contains(OutputRequest.VALUE)
            ? OutputRequest.VALUE
            : OutputRequest.REFERENCE;
    if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
      for (Map.Entry<String, OutputDescription> e : process.outputs().entrySet()) {
        outputs.put(
            e.getKey(),
            new OutputRequest(
                Schemas.directory(e.getValue().schema()) ? OutputRequest.REFERENCE : fallback,
                null));
      }
      return outputs;
    }
    if (!node.isObject()) {
      throw OgcException.invalid("outputs must be an object of output requests by output id.");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String at = "outputs." + e.getKey();
      OutputDescription output = process.outputs().get(e.getKey());
      if (output == null) {
        throw OgcException.invalid(at + ": process " + process.id() + " has no such output.");
      }
      JsonNode spec = e.getValue();
      if (!spec.isObject()) {
        throw OgcException.invalid(at + " must be an object (transmissionMode, format).");
      }
      String mode = text(spec, "transmissionMode", at);
      mode = mode == null ? fallback : mode;
      if (!process.outputTransmission().contains(mode)) {
        throw OgcException.invalid(
            at + ".transmissionMode must be one of " + process.outputTransmission() + ".");
      }
      if (Schemas.directory(output.schema())) {
        mode = OutputRequest.REFERENCE;
      }
      JsonNode format = spec.get("format");
      String mediaType =
          format != null && format.isObject() ? text(format, "mediaType", at + ".format") : null;
      outputs.put(e.getKey(), new OutputRequest(mode, mediaType));
    }
    return outputs;
  }

  private static String response(JsonNode node) {
    if (node == null || node.isNull()) {
      return ExecuteRequest.RAW;
    }
    if (!node.isString()
        || !(node.asString().equals(ExecuteRequest.RAW)
            || node.asString().equals(ExecuteRequest.DOCUMENT))) {
      throw OgcException.invalid("response must be raw or document.");
    }
    return node.asString();
  }

  private static String text(JsonNode node, String name, String at) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw OgcException.invalid(at + "." + name + " must be a string.");
    }
    return value.asString();
  }
}
