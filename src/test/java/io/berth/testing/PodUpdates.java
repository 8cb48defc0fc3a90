package io.berth.testing;

import io.berth.pods.PodUpdate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Update bodies for tests, written as the API's body is: {@code PodUpdates.of("description", "x",
 * "status_requested", "ON")}. A field added to {@link PodUpdate} breaks none of them.
 */
public final class PodUpdates {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PodUpdates() {}

  /** An update of the given fields: JSON names and values, alternating (null values left out). */
  public static PodUpdate of(Object... namesAndValues) {
    return JSON.convertValue(NewPods.Bodies.fields(namesAndValues), PodUpdate.class);
  }
}
