package io.berth.processes.jobs;

import java.util.List;
import java.util.Map;

/**
 * An execute request, checked against the process and completed: every input's occurrences (with
 * the schema's defaults filled in), the outputs wanted (all when none were named) and the response
 * form, {@code raw} or {@code document}.
 */
public record ExecuteRequest(
    Map<String, List<InputValue>> inputs, Map<String, OutputRequest> outputs, String response) {
  public static final String RAW = "raw";
  public static final String DOCUMENT = "document";

  public ExecuteRequest {
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
  }

  public boolean raw() {
    return RAW.equals(response);
  }
}
