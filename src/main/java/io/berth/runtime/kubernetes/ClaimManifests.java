package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
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

  /** A claim of the site-wide size: what a pod makes when it mounts storage not made yet. */
  public static PersistentVolumeClaim claim(
      KubernetesProperties properties, String site, String namespace, String storageId) {
    return claim(properties, site, namespace, storageId, null, null);
  }

  /**
   * A claim of {@code sizeMb} MiB (null: the site-wide size), restored from the VolumeSnapshot
   * named {@code fromSnapshot} when not null. Name, labels and annotation are the same either way,
   * so a pod mounting the storage later finds this claim.
   */
  public static PersistentVolumeClaim claim(
      KubernetesProperties properties,
      String site,
      String namespace,
      String storageId,
      Quantity size,
      String fromSnapshot) {
    boolean shared = shared(storageId);
    Quantity requested =
        size != null
            ? size
            : new Quantity(shared ? properties.volumeSize() : properties.dataSize());
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(ObjectNames.claim(storageId))
        .withNamespace(namespace)
        .withLabels(labels(site, storageId))
        .withAnnotations(Map.of(STORAGE_ID, storageId))
        .endMetadata()
        .withNewSpec()
        .withAccessModes(shared ? "ReadWriteMany" : "ReadWriteOnce")
        .withStorageClassName(shared ? properties.sharedStorageClass() : properties.storageClass())
        .withDataSource(
            fromSnapshot == null
                ? null
                : new TypedLocalObjectReference(
                    VolumeSnapshots.GROUP, VolumeSnapshots.KIND, fromSnapshot))
        .withNewResources()
        .addToRequests("storage", requested)
        .endResources()
        .endSpec()
        .build();
  }

  /** {@code sizeMb} MiB as a claim size: size_limit counts MiB, as Tapis does. */
  public static Quantity mebibytes(int sizeMb) {
    return new Quantity(sizeMb + "Mi");
  }

  /** What every object standing for a storage carries: its claim, and its VolumeSnapshot. */
  static Map<String, String> labels(String site, String storageId) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ObjectNames.SITE, ObjectNames.labelValue(site));
    labels.put(ObjectNames.STORAGE, ObjectNames.labelValue(storageId));
    labels.put(ObjectNames.MANAGED, "true");
    labels.put(ObjectNames.COMPONENT, "storage");
    return labels;
  }

  /** Volumes ({@code vol-}) and snapshots ({@code snap-}) are mounted by many pods at once. */
  static boolean shared(String storageId) {
    return storageId.startsWith("vol-") || storageId.startsWith("snap-");
  }
}
