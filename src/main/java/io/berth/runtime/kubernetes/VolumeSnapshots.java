package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/**
 * CSI VolumeSnapshots ({@code snapshot.storage.k8s.io/v1}) as generic resources: fabric8's typed
 * model is a separate artifact, and these few fields do not need it. The context names the plural,
 * so the client does not ask the API server's discovery for it.
 */
final class VolumeSnapshots {
  static final String GROUP = "snapshot.storage.k8s.io";
  static final String KIND = "VolumeSnapshot";
  static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion("v1")
          .withKind(KIND)
          .withPlural("volumesnapshots")
          .withNamespaced(true)
          .build();

  private VolumeSnapshots() {}

  /**
   * A snapshot of the claim of {@code fromStorageId}, standing for {@code toStorageId}: named and
   * labelled like that storage's claim, so deleting the storage finds and deletes both.
   */
  static GenericKubernetesResource of(
      KubernetesProperties properties,
      String site,
      String namespace,
      String fromStorageId,
      String toStorageId) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/v1")
        .withKind(KIND)
        .withNewMetadata()
        .withName(ObjectNames.claim(toStorageId))
        .withNamespace(namespace)
        .withLabels(ClaimManifests.labels(site, toStorageId))
        .withAnnotations(Map.of(ClaimManifests.STORAGE_ID, toStorageId))
        .endMetadata()
        .withAdditionalProperties(
            Map.of(
                "spec",
                Map.of(
                    "volumeSnapshotClassName",
                    properties.snapshotClass(),
                    "source",
                    Map.of("persistentVolumeClaimName", ObjectNames.claim(fromStorageId)))))
        .build();
  }
}
