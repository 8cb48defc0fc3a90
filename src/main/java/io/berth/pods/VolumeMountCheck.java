package io.berth.pods;

import io.berth.auth.Caller;
import java.util.Map;

/**
 * Checks that a caller may mount what a pod's volume_mounts name: the volume or snapshot exists in
 * the caller's tenant and the caller holds enough permission on it. Provided by the volumes
 * feature.
 */
public interface VolumeMountCheck {
  void check(Caller caller, Map<String, VolumeMount> mounts);
}
