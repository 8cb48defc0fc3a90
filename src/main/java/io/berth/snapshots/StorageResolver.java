package io.berth.snapshots;

import io.berth.pods.MountedStorage;
import io.berth.pods.VolumeMount;
import io.berth.volumes.Volume;
import io.berth.volumes.VolumeRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Looks up the storage id recorded in each mounted volume's or snapshot's row. */
@Component
class StorageResolver implements MountedStorage {
  private final VolumeRepository volumes;
  private final SnapshotRepository snapshots;

  StorageResolver(VolumeRepository volumes, SnapshotRepository snapshots) {
    this.volumes = volumes;
    this.snapshots = snapshots;
  }

  @Override
  public Map<String, String> resolve(String tenant, Map<String, VolumeMount> mounts) {
    Map<String, String> resolved = new LinkedHashMap<>();
    mounts.forEach((id, mount) -> {
      boolean snapshot = VolumeMount.SNAPSHOT.equals(mount.type());
      String storageId =
          snapshot
              ? snapshots.find(tenant, id).map(Snapshot::storageId).orElse(null)
              : volumes.find(tenant, id).map(Volume::storageId).orElse(null);
      if (storageId == null) {
        throw new Missing(
            "volume_mounts."
                + id
                + ": "
                + (snapshot ? "snapshot " : "volume ")
                + id
                + " no longer exists; remove the mount or create it again");
      }
      resolved.put(id, storageId);
    });
    return resolved;
  }
}
