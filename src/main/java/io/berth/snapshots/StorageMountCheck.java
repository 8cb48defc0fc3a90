package io.berth.snapshots;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.Resource;
import io.berth.pods.VolumeMount;
import io.berth.pods.VolumeMountCheck;
import io.berth.volumes.VolumeService;
import io.berth.web.ApiException;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Who may mount what: USER on a volume (mounted read-write), READ on a snapshot (mounted
 * read-only). A volume or snapshot the caller cannot see is "not found".
 */
@Component
class StorageMountCheck implements VolumeMountCheck {
  private final VolumeService volumes;
  private final SnapshotService snapshots;
  private final Permissions permissions;

  StorageMountCheck(VolumeService volumes, SnapshotService snapshots, Permissions permissions) {
    this.volumes = volumes;
    this.snapshots = snapshots;
    this.permissions = permissions;
  }

  @Override
  public void check(Caller caller, Map<String, VolumeMount> mounts) {
    mounts.forEach((id, mount) -> {
      try {
        if (VolumeMount.SNAPSHOT.equals(mount.type())) {
          snapshots.require(caller, id, mount.neededLevel());
        } else {
          volumes.require(caller, id, mount.neededLevel());
        }
      } catch (ApiException e) {
        throw new ApiException(e.status(), "Field volume_mounts." + id + ": " + e.getMessage());
      }
    });
  }

  @Override
  public void checkKept(Caller caller, String podId, Map<String, VolumeMount> mounts) {
    new TreeMap<>(mounts)
        .forEach((id, mount) -> {
          Resource resource = mount.resource(caller.tenant(), id);
          PermissionLevel held = permissions.held(caller, resource);
          if (held == null || !held.atLeast(mount.neededLevel())) {
            throw ApiException.forbidden(
                "Field volume_mounts."
                    + id
                    + ": changing what pod "
                    + podId
                    + " runs or mounts needs "
                    + mount.neededLevel()
                    + " permission on "
                    + resource
                    + ", which it mounts; you have "
                    + (held == null ? "none" : held)
                    + ".");
          }
        });
  }
}
