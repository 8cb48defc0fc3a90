package io.berth.testing;

import io.berth.pods.ContainerStatus;
import io.berth.pods.Pod;
import io.berth.pods.PodDefinition;
import io.berth.pods.PodObserved;
import io.berth.pods.StatusRequested;
import io.berth.runtime.PodKey;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pods as the reconciler and the proxy read them back from the database: alice's pod {@code t/p1}
 * at generation 7, created and last updated at {@code at}, in the state a test gives.
 */
public final class StoredPods {
  public static final PodKey KEY = new PodKey("t", "p1");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StoredPods() {}

  public static Pod pod(
      PodDefinition definition, StatusRequested requested, PodObserved observed, Instant at) {
    return new Pod(KEY, definition, requested, observed, 7, at, at, "alice", "p1uid");
  }

  /** A container's status as stored: its JSON fields. */
  public static ContainerStatus container(Map<String, Object> fields) {
    return JSON.convertValue(fields, ContainerStatus.class);
  }
}
