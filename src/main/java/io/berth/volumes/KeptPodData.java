package io.berth.volumes;

import io.berth.permissions.AccessList;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Resource;
import io.berth.pods.Pod;
import io.berth.pods.PodDataKeeper;
import io.berth.runtime.StorageNames;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.templates.Template;
import io.berth.templates.TemplateCatalog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A deleted pod's data becomes volumes: one per data storage the pod had, when any of them holds a
 * file (empty storage is not worth a volume: it goes with the container), named {@code
 * <pod_id>data<n>} (or the first free {@code <pod_id>data<n>v<k>}), described with where it came
 * from, with ADMIN for each ADMIN of the pod and nobody else. They are listed, deleted and mounted
 * like any volume; a pod whose volume_mounts put one at a template data path uses it there.
 */
@Component
class KeptPodData implements PodDataKeeper {
  private static final int MAX_ID = 64;
  private static final int MAX_DESCRIPTION = 255; // the column's width

  private final VolumeRepository volumes;
  private final AccessList access;
  private final VolumeStorage storage;
  private final TemplateCatalog templates;
  private final VolumesProperties properties;

  KeptPodData(
      VolumeRepository volumes,
      AccessList access,
      VolumeStorage storage,
      TemplateCatalog templates,
      VolumesProperties properties) {
    this.volumes = volumes;
    this.access = access;
    this.storage = storage;
    this.templates = templates;
    this.properties = properties;
  }

  @Override
  public List<String> keep(Pod pod, String deletedBy) {
    Template template = templates.find(pod.definition().podTemplate()).orElse(null);
    if (template == null) {
      return List.of();
    }
    List<String> admins =
        access.list(Resource.pod(pod.tenant(), pod.podId())).stream()
            .filter(p -> p.endsWith(":" + PermissionLevel.ADMIN.name()))
            .map(p -> p.substring(0, p.lastIndexOf(':')))
            .toList();
    List<Made> made = new ArrayList<>();
    boolean anyData = false;
    for (int i = 0; i < template.dataPaths().size(); i++) {
      String storageId = StorageNames.podData(pod.tenant(), pod.uid(), i);
      if (storage.exists(storageId)) { // else never started, or a volume was mounted there
        long used = storage.usage(storageId);
        made.add(new Made(i, storageId, used));
        anyData |= used > 0 || !storage.list(storageId).isEmpty();
      }
    }
    if (!anyData) {
      return List.of(); // nothing worth keeping: the caller has it removed with the container
    }
    // a pod's data paths belong together: all are kept as soon as one holds something
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<String> kept = new ArrayList<>();
    for (Made data : made) {
      String path = template.dataPaths().get(data.index());
      Volume volume =
          new Volume(
              pod.tenant(),
              freeId(pod.tenant(), pod.podId() + "data" + data.index()),
              description(pod, path, deletedBy, now),
              sizeLimit(data.usedBytes()),
              "AVAILABLE",
              now,
              now,
              deletedBy,
              data.storageId());
      volumes.insert(volume);
      // the pod's ADMINs and nobody else: a deleted namesake's leftover grants go first
      Resource grants = Resource.volume(pod.tenant(), volume.volumeId());
      access.removeAll(grants);
      for (String admin : admins) {
        access.set(grants, admin, PermissionLevel.ADMIN);
      }
      kept.add(volume.volumeId());
    }
    return kept;
  }

  /** The storage behind the pod's {@code index}-th data path, and what it holds. */
  private record Made(int index, String storageId, long usedBytes) {}

  private String freeId(String tenant, String wanted) {
    String base = wanted.length() <= MAX_ID - 4 ? wanted : wanted.substring(0, MAX_ID - 4);
    String id = base;
    for (int k = 2; volumes.find(tenant, id).isPresent(); k++) {
      id = base + "v" + k;
    }
    return id;
  }

  /** Room for what the pod wrote, and at least the site's default. */
  private int sizeLimit(long usedBytes) {
    long usedMb = (usedBytes + 1024 * 1024 - 1) / (1024 * 1024);
    return (int)
        Math.min(properties.maxSizeLimit(), Math.max(properties.defaultSizeLimit(), usedMb));
  }

  private static String description(Pod pod, String path, String deletedBy, Instant when) {
    String text =
        "Data of pod "
            + pod.podId()
            + " ("
            + pod.definition().podTemplate()
            + ", "
            + path
            + "), kept when "
            + deletedBy
            + " deleted it on "
            + when.truncatedTo(ChronoUnit.SECONDS)
            + "; mount it at "
            + path
            + " to use it again.";
    return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION);
  }
}
