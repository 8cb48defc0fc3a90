package io.berth.testing;

import io.berth.pods.NewPod;
import io.berth.pods.VolumeMount;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Create requests for tests, written as the API's body is: a pod id, an image (or template) and the
 * fields a test varies by their JSON names, the rest left to the site. A field added to {@link
 * NewPod} breaks none of them.
 */
public final class NewPods {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private NewPods() {}

  /** A pod of {@code image} (given as {@code pod_template}, as Tapis clients do). */
  public static NewPod of(String podId, String image) {
    return with("pod_id", podId, "pod_template", image);
  }

  /** The same with volumes mounted. */
  public static NewPod of(String podId, String image, Map<String, VolumeMount> mounts) {
    return with("pod_id", podId, "pod_template", image, "volume_mounts", mounts);
  }

  /** The same stopping {@code seconds} after each start. */
  public static NewPod stoppingAfter(String podId, String image, int seconds) {
    return with("pod_id", podId, "pod_template", image, "time_to_stop_default", seconds);
  }

  /**
   * A request of the given fields: JSON names and values, alternating (a null value is left out).
   */
  public static NewPod with(Object... namesAndValues) {
    return JSON.convertValue(Bodies.fields(namesAndValues), NewPod.class);
  }

  /** Field names and values, alternating, as a JSON body's map. */
  static final class Bodies {
    private Bodies() {}

    static Map<String, Object> fields(Object... namesAndValues) {
      if (namesAndValues.length % 2 != 0) {
        throw new IllegalArgumentException("names and values must alternate");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      for (int i = 0; i < namesAndValues.length; i += 2) {
        if (namesAndValues[i + 1] != null) {
          body.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
      }
      return body;
    }
  }
}
