package io.berth.runtime.kubernetes;

import io.berth.volumes.FileEntry;
import io.berth.volumes.VolumeStorage;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volume storage on a Kubernetes site: the files still go through Berth's local storage (see
 * docs/kubernetes.md, "What is missing"), and deleting a volume, a snapshot or a pod's data also
 * deletes the PersistentVolumeClaims pods mounted for it, which would otherwise outlive it.
 */
class ClaimReleasingStorage implements VolumeStorage {
  private static final Logger log = LoggerFactory.getLogger(ClaimReleasingStorage.class);

  private final VolumeStorage files;
  private final KubernetesClient client;
  private final KubernetesProperties properties;
  private final String site;

  ClaimReleasingStorage(
      VolumeStorage files, KubernetesClient client, KubernetesProperties properties, String site) {
    this.files = files;
    this.client = client;
    this.properties = properties;
    this.site = site;
  }

  @Override
  public void create(String storageId) {
    // the claim is made when a pod first mounts the storage, in the pod's namespace
    files.create(storageId);
  }

  @Override
  public void delete(String storageId) {
    files.delete(storageId);
    release(storageId::equals);
  }

  @Override
  public void deleteAll(String prefix) {
    files.deleteAll(prefix);
    release(id -> id.startsWith(prefix));
  }

  /** One list of the site's claims, then a delete per claim of the storage: rare operations. */
  private void release(Predicate<String> storage) {
    Map<String, String> selector =
        Map.of(
            ObjectNames.SITE,
            ObjectNames.labelValue(site),
            ObjectNames.MANAGED,
            "true",
            ObjectNames.COMPONENT,
            "storage");
    List<PersistentVolumeClaim> claims =
        (properties.namespacePerTenant()
                ? client.persistentVolumeClaims().inAnyNamespace().withLabels(selector).list()
                : client
                    .persistentVolumeClaims()
                    .inNamespace(properties.namespace())
                    .withLabels(selector)
                    .list())
            .getItems();
    for (PersistentVolumeClaim claim : claims) {
      Map<String, String> annotations = claim.getMetadata().getAnnotations();
      String id = annotations == null ? null : annotations.get(ClaimManifests.STORAGE_ID);
      if (id != null && storage.test(id)) {
        client.resource(claim).delete();
        log.info(
            "Deleted claim {}/{} of storage {}",
            claim.getMetadata().getNamespace(),
            claim.getMetadata().getName(),
            id);
      }
    }
  }

  @Override
  public long usage(String storageId) {
    return files.usage(storageId);
  }

  @Override
  public List<FileEntry> list(String storageId) {
    return files.list(storageId);
  }

  @Override
  public void store(String storageId, String path, Upload upload) {
    files.store(storageId, path, upload);
  }

  @Override
  public void checkPath(String storageId, String path) {
    files.checkPath(storageId, path);
  }

  @Override
  public StoredFile read(String storageId, String path) {
    return files.read(storageId, path);
  }

  @Override
  public void copy(String fromStorageId, String fromPath, String toStorageId, String toPath) {
    files.copy(fromStorageId, fromPath, toStorageId, toPath);
  }
}
