package io.berth.processes.packages;

import io.berth.processes.catalog.ExecutionUnit;
import io.berth.processes.catalog.ExecutionUnit.Argument;
import io.berth.processes.catalog.ExecutionUnit.OutputBinding;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.ProcessDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * OGC Part 2's docker execution unit ({@code {"type": "docker", "image": ...}}), by Berth's
 * convention: the image runs with its own entrypoint (or {@code command}), each input is a file
 * {@code /inputs/<id>} and, when {@code bindings.inputBindings} says so, words on the command line;
 * each output is read from {@code /outputs/<id>}, or the first file matching its {@code
 * bindings.outputBindings.<id>.glob}. {@code config} sets cpuMax (cores), memoryMax (GB),
 * jobTimeout (seconds) and networkAccess (true: the job has its owner's jobs network; by default it
 * has none, as a CWL tool without {@code NetworkAccess}).
 */
final class DockerUnit {
  private DockerUnit() {}

  static ExecutionUnit parse(JsonNode unit, ProcessDescription description, String path) {
    String type = Fields.requiredText(unit, "type", path);
    if (!type.equals("docker") && !type.equals("oci")) {
      throw OgcException.unprocessable(
          path + "type '" + type + "' is not supported: docker, oci or a CWL package.");
    }
    String deployment = Fields.text(unit, "deployment", path);
    if (deployment != null && !deployment.equals("local")) {
      throw OgcException.unprocessable(
          path
              + "deployment '"
              + deployment
              + "' is not supported: Berth runs jobs itself (local).");
    }
    String image = Images.reference(Fields.requiredText(unit, "image", path), path + "image");
    List<String> command = Fields.texts(unit, "command", path);
    JsonNode bindings = Fields.object(unit, "bindings", path);
    List<Argument> arguments = new ArrayList<>();
    Map<String, OutputBinding> outputs = new LinkedHashMap<>();
    if (bindings != null) {
      JsonNode inputBindings = Fields.object(bindings, "inputBindings", path + "bindings.");
      if (inputBindings != null) {
        for (Map.Entry<String, JsonNode> e : inputBindings.properties()) {
          String at = path + "bindings.inputBindings." + e.getKey();
          if (!description.inputs().containsKey(e.getKey())) {
            throw OgcException.invalid(at + ": the process has no input " + e.getKey() + ".");
          }
          arguments.add(Bindings.input(e.getKey(), e.getValue(), at + "."));
        }
      }
      JsonNode outputBindings = Fields.object(bindings, "outputBindings", path + "bindings.");
      if (outputBindings != null) {
        for (Map.Entry<String, JsonNode> e : outputBindings.properties()) {
          String at = path + "bindings.outputBindings." + e.getKey();
          if (!description.outputs().containsKey(e.getKey())) {
            throw OgcException.invalid(at + ": the process has no output " + e.getKey() + ".");
          }
          if (!e.getValue().isObject()) {
            throw OgcException.invalid(at + " must be an object with a glob.");
          }
          String glob =
              Bindings.glob(Fields.requiredText(e.getValue(), "glob", at + "."), at + ".glob");
          outputs.put(e.getKey(), new OutputBinding(glob, false, false));
        }
      }
    }
    for (String output : description.outputs().keySet()) {
      outputs.putIfAbsent(output, new OutputBinding(output, false, false));
    }
    JsonNode config = Fields.object(unit, "config", path);
    Double cpu =
        config == null ? null : Fields.number(config, "cpuMax", path + "config.", 0.01, 1024);
    Double memoryGb =
        config == null ? null : Fields.number(config, "memoryMax", path + "config.", 0.001, 4096);
    Double timeout =
        config == null
            ? null
            : Fields.number(config, "jobTimeout", path + "config.", 1, 31_536_000);
    Boolean network =
        config == null ? null : Fields.bool(config, "networkAccess", path + "config.");
    return new ExecutionUnit(
        image,
        command == null ? List.of() : command,
        List.of(),
        arguments,
        outputs,
        null,
        cpu,
        memoryGb == null ? null : (int) Math.ceil(memoryGb * 1024),
        timeout == null ? null : (int) Math.ceil(timeout),
        network);
  }
}
