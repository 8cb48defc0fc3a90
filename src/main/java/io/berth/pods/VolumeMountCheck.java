package io.berth.pods;

import io.berth.auth.Caller;
import java.util.Map;

/**
 * Checks that a caller may mount what a pod's volume_mounts name: the volume or snapshot exists in
 * the caller's tenant and the caller holds the mount level on it (USER on a volume, READ on a
 * snapshot). Provided by the volumes feature.
 */
public interface VolumeMountCheck {
  /** Mounts the caller names: 404 for storage they cannot see, 403 for too low a level. */
  void check(Caller caller, Map<String, VolumeMount> mounts);

  /**
   * Mounts a pod already has, when the caller changes what it runs or mounts and so becomes its
   * mount authority: 403 naming each volume or snapshot the caller lacks the mount level on.
   */
  void checkKept(Caller caller, String podId, Map<String, VolumeMount> mounts);
}
