package io.berth.processes.catalog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The processes every tenant has and nobody can replace. {@code echo} returns its inputs as its
 * outputs (the message, and the pause it made) after that pause: an ordinary docker process (a
 * busybox shell in a container, with Berth's file convention), so the OGC test suites exercise the
 * real job path. Two outputs, as the OGC's own echo has several: the suite's default (raw) request
 * for all outputs is then answered as multipart/related, the only answer its checks accept.
 */
public final class BuiltinProcesses {
  public static final String ECHO = "echo";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String ECHO_SCRIPT =
      "p=\"$(cat /inputs/pause 2>/dev/null || echo 0)\"; sleep \"$p\""
          + " && cat /inputs/message > /outputs/message && echo \"$p\" > /outputs/pause";

  private BuiltinProcesses() {}

  public static List<ProcessDefinition> all(String echoImage) {
    return List.of(echo(echoImage));
  }

  static ProcessDefinition echo(String image) {
    ObjectNode text = NODES.objectNode().put("type", "string");
    ObjectNode pause =
        NODES.objectNode().put("type", "integer").put("minimum", 0).put("maximum", 60);
    Map<String, InputDescription> inputs = new LinkedHashMap<>();
    inputs.put("message", new InputDescription("Message", "The text to return.", 1, 1, text));
    inputs.put(
        "pause",
        new InputDescription(
            "Pause", "Seconds to wait before returning the message (0 to 60).", 0, 1, pause));
    ProcessDescription description =
        new ProcessDescription(
            ECHO,
            "1.0.0",
            "Echo",
            "Returns the message it is given, after an optional pause; runs as a container.",
            List.of("echo", "test"),
            ProcessDescription.ALL_CONTROL_OPTIONS,
            ProcessDescription.ALL_TRANSMISSIONS,
            inputs,
            outputs(text, pause));
    ExecutionUnit unit =
        new ExecutionUnit(
            image,
            List.of("/bin/sh", "-c", ECHO_SCRIPT),
            List.of(),
            List.of(),
            Map.of(
                "message", new ExecutionUnit.OutputBinding("message", false, false),
                "pause", new ExecutionUnit.OutputBinding("pause", false, false)),
            null,
            0.5,
            64,
            120,
            false); // the echo needs no network
    return new ProcessDefinition(
        null, null, description, unit, "builtin", false, Instant.EPOCH, Instant.EPOCH);
  }

  private static Map<String, OutputDescription> outputs(ObjectNode text, ObjectNode pause) {
    Map<String, OutputDescription> outputs = new LinkedHashMap<>();
    outputs.put("message", new OutputDescription("Message", "The message, returned.", text));
    outputs.put(
        "pause",
        new OutputDescription(
            "Pause", "The seconds it waited (0 unless asked).", pause.deepCopy()));
    return outputs;
  }
}
