package io.berth.pods;

import java.util.Map;

/**
 * The storage a pod's volume_mounts name at this moment, resolved at every start: a volume or
 * snapshot is stored under the id made when it was created, so a mount follows that object, and a
 * mount of one deleted since finds nothing rather than whatever now has its name's old storage.
 * Provided by the snapshots feature.
 */
public interface MountedStorage {
  /** Each mount's storage id, by mount name; {@link Missing} names a volume or snapshot gone. */
  Map<String, String> resolve(String tenant, Map<String, VolumeMount> mounts);

  /** A mount whose volume or snapshot no longer exists. */
  final class Missing extends RuntimeException {
    public Missing(String message) {
      super(message);
    }
  }
}
