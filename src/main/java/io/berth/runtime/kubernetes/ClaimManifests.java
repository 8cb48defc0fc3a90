package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PersistentVolumeClaim behind a logical storage id: volumes and snapshots are shared between
 * pods (ReadWriteMany, the shared class); a pod's own template data is ReadWriteOnce. Claims
 * outlive pods: only deleting the volume, snapshot or the pod's data removes them.
 */
public final class ClaimManifests {
  public static final String STORAGE_ID = "io.berth.storage-id";

  private ClaimManifests() {}

  public static PersistentVolumeClaim claim(
      KubernetesProperties properties, String site, String namespace, String storageId) {
    boolean shared = shared(storageId);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ObjectNames.SITE, ObjectNames.labelValue(site));
    labels.put(ObjectNames.STORAGE, ObjectNames.labelValue(storageId));
    labels.put(ObjectNames.MANAGED, "true");
    labels.put(ObjectNames.COMPONENT, "storage");
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(ObjectNames.claim(storageId))
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(Map.of(STORAGE_ID, storageId))
        .endMetadata()
        .withNewSpec()
        .withAccessModes(shared ? "ReadWriteMany" : "ReadWriteOnce")
        .withStorageClassName(shared ? properties.sharedStorageClass() : properties.storageClass())
        .withNewResources()
        .addToRequests(
            "storage", new Quantity(shared ? properties.volumeSize() : properties.dataSize()))
        .endResources()
        .endSpec()
        .build();
  }

  /** Volumes ({@code vol-}) and snapshots ({@code snap-}) are mounted by many pods at once. */
  static boolean shared(String storageId) {
    return storageId.startsWith("vol-") || storageId.startsWith("snap-");
  }
}
