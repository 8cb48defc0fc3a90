package io.berth.testing;

import io.berth.pods.NewPod;
import io.berth.pods.VolumeMount;
import java.util.Map;

/** Create requests for tests: a pod id and an image (or template), the rest left to the site. */
public final class NewPods {
  private NewPods() {}

  /** A pod of {@code image} (given as {@code pod_template}, as Tapis clients do). */
  public static NewPod of(String podId, String image) {
    return of(podId, image, null);
  }

  /** The same with volumes mounted. */
  public static NewPod of(String podId, String image, Map<String, VolumeMount> mounts) {
    return new NewPod(podId, image, null, null, null, null, null, null, mounts, null, null);
  }

  /** The same stopping {@code seconds} after each start. */
  public static NewPod stoppingAfter(String podId, String image, int seconds) {
    return new NewPod(podId, image, null, null, null, null, null, null, null, seconds, null);
  }
}
