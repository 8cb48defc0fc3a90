package io.berth.volumes;

import java.time.Instant;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Volumes' storage: every row needs its storage. Only {@code vol-} storage is looked at: a volume
 * kept from a deleted pod's data refers to the pod's storage, which has a life of its own.
 */
@Component
class VolumeStorageReferences implements StorageReferences {
  private final VolumeRepository volumes;

  VolumeStorageReferences(VolumeRepository volumes) {
    this.volumes = volumes;
  }

  @Override
  public String prefix() {
    return "vol-";
  }

  @Override
  public String kind() {
    return "volume";
  }

  @Override
  public Set<String> needed(Instant now) {
    return volumes.storageIds();
  }
}
