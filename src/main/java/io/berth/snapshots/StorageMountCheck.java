package io.berth.snapshots;

import io.berth.auth.Caller;
import io.berth.pods.PermissionLevel;
import io.berth.pods.VolumeMount;
import io.berth.pods.VolumeMountCheck;
import io.berth.volumes.VolumeService;
import io.berth.web.ApiException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Who may mount what: USER on a volume (mounted read-write), READ on a snapshot (mounted
 * read-only). A volume or snapshot the caller cannot see is "not found".
 */
@Component
class StorageMountCheck implements VolumeMountCheck {
  private final VolumeService volumes;
  private final SnapshotService snapshots;

  StorageMountCheck(VolumeService volumes, SnapshotService snapshots) {
    this.volumes = volumes;
    this.snapshots = snapshots;
  }

  @Override
  public void check(Caller caller, Map<String, VolumeMount> mounts) {
    mounts.forEach((id, mount) -> {
      try {
        if (VolumeMount.SNAPSHOT.equals(mount.type())) {
          snapshots.require(caller, id, PermissionLevel.READ);
        } else {
          volumes.require(caller, id, PermissionLevel.USER);
        }
      } catch (ApiException e) {
        throw new ApiException(e.status(), "Field volume_mounts." + id + ": " + e.getMessage());
      }
    });
  }
}
