package io.berth.pods;

import io.berth.permissions.Permissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Whether a pod may mount what it mounts, checked at every start: its mount authority must still
 * hold USER on each volume (mounted read-write) and READ on each snapshot (read-only). Rights
 * checked only when the pod was created or updated would outlive a revoke.
 */
@Component
public class MountRights {
  private final MountAuthority authority;
  private final Permissions permissions;

  public MountRights(MountAuthority authority, Permissions permissions) {
    this.authority = authority;
    this.permissions = permissions;
  }

  /** Why the pod may not start with its mounts, or empty when it may. */
  public Optional<String> refusal(Pod pod) {
    if (pod.definition().volumeMounts().isEmpty()) {
      return Optional.empty();
    }
    MountAuthority.Holder holder = authority.of(pod);
    for (Map.Entry<String, VolumeMount> e :
        new TreeMap<>(pod.definition().volumeMounts()).entrySet()) {
      VolumeMount mount = e.getValue();
      var resource = mount.resource(pod.tenant(), e.getKey());
      if (!permissions.holds(holder.user(), holder.tenantAdmin(), resource, mount.neededLevel())) {
        return Optional.of(
            "volume_mounts."
                + e.getKey()
                + ": user "
                + holder.user()
                + ", on whose authority the pod mounts "
                + resource
                + ", no longer holds "
                + mount.neededLevel()
                + " on it (needed to mount a "
                + mount.type()
                + "); the pod does not start until that right is restored or the mount is"
                + " changed by a user who holds it");
      }
    }
    return Optional.empty();
  }
}
