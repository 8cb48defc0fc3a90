package io.berth.processes.catalog;

import tools.jackson.databind.JsonNode;

/**
 * One input of a process, as OGC's inputDescription: how often it may occur ({@code maxOccurs}
 * null: unbounded) and the JSON schema of one value.
 */
public record InputDescription(
    String title, String description, int minOccurs, Integer maxOccurs, JsonNode schema) {

  public boolean required() {
    return minOccurs > 0 && !schema.has("default");
  }

  /** More than one occurrence allowed: a JSON array of values stands for several occurrences. */
  public boolean repeatable() {
    return maxOccurs == null || maxOccurs > 1;
  }
}
