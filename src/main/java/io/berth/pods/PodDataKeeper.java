package io.berth.pods;

import java.util.List;

/**
 * Keeps the data of a pod deleted without {@code delete_data}: provided by the volumes feature,
 * which makes each of the pod's data storages a volume of the pod's ADMINs. Nothing else ever
 * reaches that data: a later pod with the same id gets storage of its own.
 */
public interface PodDataKeeper {
  /**
   * Called before the pod's row goes (its permissions are still there). Returns the volumes kept;
   * none when the pod's data storage holds nothing, which is then removed with its container.
   */
  List<String> keep(Pod pod, String deletedBy);
}
