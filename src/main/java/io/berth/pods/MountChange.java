package io.berth.pods;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an update does to a pod's mounts: which mounts it adds, which it keeps, and whether it
 * changes what the pod runs or mounts (and so who answers for its mounts).
 */
final class MountChange {
  /** The fields that change what a pod runs or mounts. */
  private static final Set<String> RUNS_OR_MOUNTS =
      Set.of("template", "image", "command", "arguments", "environment_variables", "volume_mounts");

  private MountChange() {}

  static boolean runsOrMounts(Collection<String> changedFields) {
    return changedFields.stream().anyMatch(RUNS_OR_MOUNTS::contains);
  }

  /** The mounts of {@code after} that {@code before} did not have (by id and type). */
  static Map<String, VolumeMount> added(
      Map<String, VolumeMount> before, Map<String, VolumeMount> after) {
    Map<String, VolumeMount> added = new LinkedHashMap<>();
    after.forEach((id, mount) -> {
      VolumeMount old = before.get(id);
      if (old == null || !old.type().equals(mount.type())) {
        added.put(id, mount);
      }
    });
    return added;
  }

  /** The mounts of {@code after} that {@code before} had already. */
  static Map<String, VolumeMount> kept(
      Map<String, VolumeMount> before, Map<String, VolumeMount> after) {
    Map<String, VolumeMount> kept = new LinkedHashMap<>(after);
    kept.keySet().removeAll(added(before, after).keySet());
    return kept;
  }
}
