package io.berth.processes.catalog;

import java.util.List;
import java.util.Map;

/**
 * What a process is, as OGC API - Processes describes it: identity, job control options and the
 * inputs and outputs in their declared order.
 */
public record ProcessDescription(
    String id,
    String version,
    String title,
    String description,
    List<String> keywords,
    List<String> jobControlOptions,
    List<String> outputTransmission,
    Map<String, InputDescription> inputs,
    Map<String, OutputDescription> outputs) {

  public static final List<String> ALL_CONTROL_OPTIONS =
      List.of("sync-execute", "async-execute", "dismiss");
  public static final List<String> ALL_TRANSMISSIONS = List.of("value", "reference");

  public ProcessDescription {
    keywords = List.copyOf(keywords);
    jobControlOptions = List.copyOf(jobControlOptions);
    outputTransmission = List.copyOf(outputTransmission);
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
  }

  public boolean runsAsync() {
    return jobControlOptions.contains("async-execute");
  }

  public boolean runsSync() {
    return jobControlOptions.contains("sync-execute");
  }

  public ProcessDescription withId(String newId) {
    return new ProcessDescription(
        newId,
        version,
        title,
        description,
        keywords,
        jobControlOptions,
        outputTransmission,
        inputs,
        outputs);
  }
}
