package io.berth.testing;

import io.berth.pods.PodView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pod as the API shows it, for tests of what reads one (pages, notebook pods): {@code
 * PodViewBuilder.of("hello").with("status", PodStatus.AVAILABLE).build()}. Fields are set by their
 * JSON names over defaults (image {@code img}, requested ON, REQUESTED, a 12-hour default stop, no
 * idle stop), so a field added to {@link PodView} breaks no test.
 */
public final class PodViewBuilder {
  // a field no test names takes its type's default (false, 0, null), whatever is added later
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private PodViewBuilder(String podId) {
    fields.put("pod_id", podId);
    fields.put("pod_template", "img");
    fields.put("image", "img");
    fields.put("description", "");
    fields.put("command", List.of());
    fields.put("arguments", List.of());
    fields.put("environment_variables", Map.of());
    fields.put("status_requested", "ON");
    fields.put("status", "REQUESTED");
    fields.put("status_container", Map.of());
    fields.put("networking", Map.of());
    fields.put("compute_queue", "default");
    fields.put("volume_mounts", Map.of());
    fields.put("time_to_stop_default", 43200);
    fields.put("url", "http://" + podId + ".pods.localhost");
    fields.put("action_logs", List.of());
    fields.put("idle_timeout", -1);
  }

  public static PodViewBuilder of(String podId) {
    return new PodViewBuilder(podId);
  }

  /** Sets the field of this JSON name (enums and times as themselves); null removes it. */
  public PodViewBuilder with(String field, Object value) {
    if (value == null) {
      fields.remove(field);
    } else {
      fields.put(field, value);
    }
    return this;
  }

  public PodView build() {
    return JSON.convertValue(fields, PodView.class);
  }
}
