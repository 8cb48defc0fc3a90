package io.berth.processes.packages;

import io.berth.processes.catalog.ExecutionUnit;
import io.berth.processes.catalog.ExecutionUnit.Argument;
import io.berth.processes.catalog.ExecutionUnit.OutputBinding;
import io.berth.processes.catalog.InputDescription;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.OutputDescription;
import io.berth.processes.catalog.ProcessDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CWL CommandLineTool with a DockerRequirement, read into the model. The common subset: inputs of
 * the base types (string, int, long, float, double, boolean, enums, arrays, optional), File and
 * Directory inputs (files under /inputs), baseCommand, arguments, inputBinding, stdout, File,
 * Directory and stdout outputs by glob, ResourceRequirement. No expressions: what needs JavaScript
 * is refused, naming the member.
 */
final class CwlTool {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> MEMBERS =
      Set.of(
          "cwlVersion",
          "class",
          "id",
          "label",
          "doc",
          "baseCommand",
          "arguments",
          "inputs",
          "outputs",
          "requirements",
          "hints",
          "stdout",
          "intent");
  private static final Set<String> SCALARS =
      Set.of("string", "int", "long", "float", "double", "boolean");

  private CwlTool() {}

  static DeployedPackage parse(JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      throw OgcException.invalid("The CWL document must be a mapping (a CommandLineTool).");
    }
    if (doc.has("$graph")) {
      throw OgcException.unprocessable(
          "$graph: packed CWL documents are not supported; deploy one CommandLineTool.");
    }
    for (Map.Entry<String, JsonNode> e : doc.properties()) {
      String key = e.getKey();
      if (!MEMBERS.contains(key) && !key.startsWith("$") && !key.contains(":")) {
        throw OgcException.unprocessable("CWL member '" + key + "' is not supported.");
      }
    }
    String cls = Fields.requiredText(doc, "class", "");
    if (!cls.equals("CommandLineTool")) {
      throw OgcException.unprocessable(
          "class " + cls + " is not supported: deploy a CommandLineTool.");
    }
    String version = Fields.text(doc, "cwlVersion", "");
    if (version != null && !version.matches("v1\\.[0-2](\\.[0-9]+)?")) {
      throw OgcException.unprocessable(
          "cwlVersion " + version + " is not supported (v1.0 to v1.2).");
    }
    String rawId = Fields.text(doc, "id", "");
    String id =
        rawId == null
            ? null
            : Fields.id(rawId.replaceFirst("^#", "").replaceFirst("^.*[/#]", ""), "id");
    Requirements req = requirements(doc);
    List<Argument> arguments = new ArrayList<>();
    arguments(doc.get("arguments"), arguments);
    Map<String, InputDescription> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : members(doc.get("inputs"), "inputs")) {
      String at = "inputs." + e.getKey();
      String inputId = Fields.id(e.getKey(), at);
      JsonNode spec = e.getValue().isObject() ? e.getValue() : typeOnly(e.getValue());
      CwlType type = CwlType.parse(spec.get("type"), at + ".type");
      if (type.stdout()) {
        throw OgcException.invalid(at + ".type stdout is for outputs.");
      }
      if (type.isFileOrDirectory() && type.array()) {
        throw OgcException.unprocessable(at + ".type: arrays of files are not supported.");
      }
      ObjectNode schema = type.schema();
      JsonNode fallback = spec.get("default");
      if (fallback != null && !fallback.isNull()) {
        if (type.isFileOrDirectory()) {
          throw OgcException.unprocessable(
              at + ".default: File and Directory defaults are not supported.");
        }
        schema.set("default", fallback);
      }
      inputs.put(
          inputId,
          new InputDescription(
              Fields.text(spec, "label", at + "."),
              Fields.text(spec, "doc", at + "."),
              type.optional() || schema.has("default") ? 0 : 1,
              1,
              schema));
      if (spec.has("inputBinding")) {
        arguments.add(Bindings.input(inputId, spec.get("inputBinding"), at + ".inputBinding."));
      }
    }
    Map<String, OutputDescription> outputs = new LinkedHashMap<>();
    Map<String, OutputBinding> bindings = new LinkedHashMap<>();
    String stdout = Fields.text(doc, "stdout", "");
    if (stdout != null) {
      stdout = Bindings.glob(stdout, "stdout");
      if (stdout.contains("/") || stdout.contains("*")) {
        throw OgcException.invalid("stdout must be a plain file name.");
      }
    }
    boolean capturesStdout = false;
    for (Map.Entry<String, JsonNode> e : members(doc.get("outputs"), "outputs")) {
      String at = "outputs." + e.getKey();
      String outputId = Fields.id(e.getKey(), at);
      JsonNode spec = e.getValue().isObject() ? e.getValue() : typeOnly(e.getValue());
      CwlType type = CwlType.parse(spec.get("type"), at + ".type");
      if (type.stdout()) {
        capturesStdout = true;
        stdout = stdout == null ? outputId + ".stdout" : stdout;
        bindings.put(outputId, new OutputBinding(stdout, true, false));
      } else if (type.isFileOrDirectory() && !type.array()) {
        JsonNode binding = Fields.object(spec, "outputBinding", at + ".");
        if (binding == null) {
          throw OgcException.invalid(at + ".outputBinding.glob is required.");
        }
        String glob =
            Bindings.glob(
                Fields.requiredText(binding, "glob", at + ".outputBinding."),
                at + ".outputBinding.glob");
        bindings.put(outputId, new OutputBinding(glob, false, type.optional()));
      } else {
        throw OgcException.unprocessable(
            at + ".type: only File, Directory and stdout outputs are supported.");
      }
      outputs.put(
          outputId,
          new OutputDescription(
              Fields.text(spec, "label", at + "."),
              Fields.text(spec, "doc", at + "."),
              type.schema()));
    }
    List<String> base = Fields.texts(doc, "baseCommand", "");
    for (String word : base == null ? List.<String>of() : base) {
      Bindings.literal(word, "baseCommand");
    }
    ProcessDescription description =
        new ProcessDescription(
            id,
            ProcessDescriptions.DEFAULT_VERSION,
            Fields.text(doc, "label", ""),
            Fields.text(doc, "doc", ""),
            List.of(),
            ProcessDescription.ALL_CONTROL_OPTIONS,
            ProcessDescription.ALL_TRANSMISSIONS,
            inputs,
            outputs);
    ExecutionUnit unit =
        new ExecutionUnit(
            req.image,
            List.of(),
            base == null ? List.of() : base,
            arguments,
            bindings,
            capturesStdout ? stdout : null,
            req.cores,
            req.ramMiB,
            null,
            req.network);
    return new DeployedPackage(description, unit, DeployedPackage.CWL);
  }

  private static JsonNode typeOnly(JsonNode type) {
    ObjectNode spec = NODES.objectNode();
    spec.set("type", type);
    return spec;
  }

  private static void arguments(JsonNode node, List<Argument> into) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isArray()) {
      throw OgcException.invalid("arguments must be a list.");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode a = node.get(i);
      String at = "arguments[" + i + "]";
      if (a.isString() || a.isNumber()) {
        into.add(Argument.literal(0, Bindings.literal(a.asString(), at)));
      } else if (a.isObject()) {
        String value = Fields.requiredText(a, "valueFrom", at + ".");
        Integer position = Fields.integer(a, "position", at + ".", -100_000, 100_000);
        JsonNode separate = a.get("separate");
        into.add(
            new Argument(
                position == null ? 0 : position,
                Bindings.literal(value, at + ".valueFrom"),
                null,
                Bindings.literal(Fields.text(a, "prefix", at + "."), at + ".prefix"),
                separate == null || separate.asBoolean(),
                null));
      } else {
        throw OgcException.invalid(at + " must be a string or an object with valueFrom.");
      }
    }
  }

  /** A map of members, or CWL's list form ({@code [{id: x, ...}]}), in their order. */
  private static List<Map.Entry<String, JsonNode>> members(JsonNode node, String path) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
    if (node == null || node.isNull()) {
      return members;
    }
    if (node.isObject()) {
      members.addAll(node.properties());
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        String id = item.isObject() ? Fields.text(item, "id", path + "[" + i + "].") : null;
        if (id == null) {
          throw OgcException.invalid(path + "[" + i + "].id is required.");
        }
        members.add(Map.entry(id.replaceFirst("^#", "").replaceFirst("^.*[/#]", ""), item));
      }
    } else {
      throw OgcException.invalid(path + " must be a mapping or a list.");
    }
    return members;
  }

  private static final class Requirements {
    String image;
    Double cores;
    Integer ramMiB;
    Boolean network;
  }

  private static Requirements requirements(JsonNode doc) {
    Requirements found = new Requirements();
    for (String where : List.of("hints", "requirements")) {
      boolean binding = where.equals("requirements");
      for (Map.Entry<String, JsonNode> r : classes(doc.get(where), where)) {
        String at = where + "." + r.getKey() + ".";
        JsonNode spec = r.getValue();
        switch (r.getKey()) {
          case "DockerRequirement" -> {
            String pull = Fields.text(spec, "dockerPull", at);
            if (pull == null) {
              throw OgcException.unprocessable(at + "dockerPull is required (no image building).");
            }
            String outdir = Fields.text(spec, "dockerOutputDirectory", at);
            if (outdir != null && !outdir.equals("/outputs")) {
              throw OgcException.unprocessable(
                  at + "dockerOutputDirectory must be /outputs if given.");
            }
            found.image = Images.reference(pull, at + "dockerPull");
          }
          case "ResourceRequirement" -> {
            Double cores = Fields.number(spec, "coresMax", at, 0.01, 1024);
            found.cores = cores != null ? cores : Fields.number(spec, "coresMin", at, 0.01, 1024);
            Double ram = Fields.number(spec, "ramMax", at, 1, 4_194_304);
            Double ramMin = Fields.number(spec, "ramMin", at, 1, 4_194_304);
            found.ramMiB =
                ram != null
                    ? (int) Math.ceil(ram)
                    : ramMin == null ? null : (int) Math.ceil(ramMin);
          }
          case "NetworkAccess" -> {
            // CWL: no network unless asked; a requirement overrides a hint (read after it)
            Boolean asked = Fields.bool(spec, "networkAccess", at);
            if (asked == null) {
              throw OgcException.invalid(at + "networkAccess is required (true or false).");
            }
            found.network = asked;
          }
          default -> {
            if (binding) {
              throw OgcException.unprocessable(
                  at.substring(0, at.length() - 1) + " is not supported by Berth.");
            }
          }
        }
      }
    }
    if (found.image == null) {
      throw OgcException.unprocessable(
          "requirements.DockerRequirement.dockerPull is required: Berth runs every tool in a container.");
    }
    return found;
  }

  private static List<Map.Entry<String, JsonNode>> classes(JsonNode node, String path) {
    List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
    if (node == null || node.isNull()) {
      return found;
    }
    if (node.isObject()) {
      found.addAll(node.properties());
      return found;
    }
    if (!node.isArray()) {
      throw OgcException.invalid(path + " must be a list or a mapping.");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String cls = item.isObject() ? Fields.text(item, "class", path + "[" + i + "].") : null;
      if (cls == null) {
        throw OgcException.invalid(path + "[" + i + "].class is required.");
      }
      found.add(Map.entry(cls.replaceFirst("^.*:", ""), item));
    }
    return found;
  }

  /** A CWL type: a base type, optional ({@code ?}, or with "null"), an array ({@code []}). */
  record CwlType(String base, boolean optional, boolean array, List<String> symbols) {
    static CwlType parse(JsonNode type, String path) {
      if (type == null || type.isNull()) {
        throw OgcException.invalid(path + " is required.");
      }
      if (type.isString()) {
        String t = type.asString();
        boolean optional = t.endsWith("?");
        t = optional ? t.substring(0, t.length() - 1) : t;
        boolean array = t.endsWith("[]");
        t = array ? t.substring(0, t.length() - 2) : t;
        return new CwlType(base(t, path), optional, array, List.of()).checked(path);
      }
      if (type.isArray()) {
        List<JsonNode> others = new ArrayList<>();
        boolean optional = false;
        for (JsonNode t : type) {
          if (t.isString() && t.asString().equals("null")) {
            optional = true;
          } else {
            others.add(t);
          }
        }
        if (others.size() != 1) {
          throw OgcException.unprocessable(path + ": unions of several types are not supported.");
        }
        CwlType inner = parse(others.get(0), path);
        return new CwlType(inner.base, optional || inner.optional, inner.array, inner.symbols);
      }
      if (type.isObject()) {
        String kind = Fields.requiredText(type, "type", path + ".");
        if (kind.equals("array")) {
          CwlType items = parse(type.get("items"), path + ".items");
          if (items.array || items.optional) {
            throw OgcException.unprocessable(
                path + ": nested or optional array items are not supported.");
          }
          return new CwlType(items.base, false, true, items.symbols);
        }
        if (kind.equals("enum")) {
          List<String> symbols = Fields.texts(type, "symbols", path + ".");
          if (symbols == null || symbols.isEmpty()) {
            throw OgcException.invalid(path + ".symbols is required for an enum.");
          }
          return new CwlType(
              "enum",
              false,
              false,
              symbols.stream().map(s -> s.replaceFirst("^.*[/#]", "")).toList());
        }
        throw OgcException.unprocessable(path + ": type " + kind + " is not supported.");
      }
      throw OgcException.invalid(path + " must be a CWL type.");
    }

    private static String base(String t, String path) {
      if (SCALARS.contains(t) || t.equals("File") || t.equals("Directory") || t.equals("stdout")) {
        return t;
      }
      throw OgcException.unprocessable(path + ": type " + t + " is not supported.");
    }

    private CwlType checked(String path) {
      if (base.equals("stdout") && (optional || array)) {
        throw OgcException.invalid(path + ": stdout is neither optional nor an array.");
      }
      return this;
    }

    boolean stdout() {
      return base.equals("stdout");
    }

    boolean isFileOrDirectory() {
      return base.equals("File") || base.equals("Directory");
    }

    ObjectNode schema() {
      ObjectNode item = NODES.objectNode();
      switch (base) {
        case "string" -> item.put("type", "string");
        case "int", "long" -> item.put("type", "integer");
        case "float", "double" -> item.put("type", "number");
        case "boolean" -> item.put("type", "boolean");
        case "enum" -> {
          item.put("type", "string");
          symbols.forEach(item.putArray("enum")::add);
        }
        case "Directory" -> {
          item.put("type", "string");
          item.put("format", "uri");
        }
        case "stdout" -> {
          item.put("type", "string");
          item.put("contentMediaType", "text/plain");
        }
        default -> {
          item.put("type", "string");
          item.put("contentMediaType", "application/octet-stream");
          item.put("contentEncoding", "binary");
        }
      }
      if (!array) {
        return item;
      }
      ObjectNode list = NODES.objectNode();
      list.put("type", "array");
      list.set("items", item);
      return list;
    }
  }
}
