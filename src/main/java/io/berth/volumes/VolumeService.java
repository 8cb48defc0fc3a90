package io.berth.volumes;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.Resource;
import io.berth.permissions.ResourceKind;
import io.berth.pods.Pod;
import io.berth.pods.PodRepository;
import io.berth.pods.PodRules;
import io.berth.pods.PodStatus;
import io.berth.pods.VolumeMount;
import io.berth.quotas.Quota;
import io.berth.quotas.Quotas;
import io.berth.runtime.StorageNames;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.web.ApiException;
import io.berth.web.StorageFull;
import io.berth.web.Updated;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/** The volume use cases behind {@code /v3/pods/volumes}. */
@Service
public class VolumeService {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(VolumeService.class);
  private final VolumeRepository volumes;
  private final Permissions permissions;
  private final VolumeStorage storage;
  private final PodRules podRules;
  private final PodRepository pods;
  private final VolumesProperties properties;
  private final UploadBudgets budgets;
  private final Quotas quotas;
  private final TransactionOperations transactions;

  public VolumeService(
      VolumeRepository volumes,
      Permissions permissions,
      VolumeStorage storage,
      PodRules podRules,
      PodRepository pods,
      VolumesProperties properties,
      UploadBudgets budgets,
      Quotas quotas,
      TransactionOperations transactions) {
    this.volumes = volumes;
    this.permissions = permissions;
    this.storage = storage;
    this.podRules = podRules;
    this.pods = pods;
    this.properties = properties;
    this.budgets = budgets;
    this.quotas = quotas;
    this.transactions = transactions;
  }

  /**
   * Makes the volume's storage first, outside any transaction, then counts the quota and records
   * the volume in a short one: a user's quota row stays locked for the few statements that count
   * and insert, never for the seconds a filesystem takes to make, so one user's concurrent creates
   * do not queue behind each other's storage. A refused create removes the storage it made.
   */
  public VolumeView create(Caller caller, NewVolume request) {
    if (request == null) {
      throw ApiException.badRequest(
          "The request body must be a JSON object describing the volume.");
    }
    String id = podRules.podId(request.volumeId(), "volume_id");
    int limit = sizeLimit(request.sizeLimit(), properties.defaultSizeLimit());
    Instant now = now();
    Volume volume =
        new Volume(
            caller.tenant(),
            id,
            podRules.description(request.description()),
            limit,
            "AVAILABLE",
            now,
            now,
            caller.user(),
            StorageNames.newVolume(caller.tenant()));
    Map<Quota, Long> adding = Map.of(Quota.VOLUME_MB, (long) limit);
    // the usual refusals before any storage is made; both are checked again under the lock
    quotas.requireRoomNow(caller.tenant(), caller.user(), adding);
    if (volumes.find(caller.tenant(), id).isPresent()) {
      throw duplicate(id);
    }
    try {
      storage.create(volume.storageId(), limit);
    } catch (StorageFullException e) {
      throw removed(volume, cannotHold(id, limit));
    } catch (RuntimeException e) {
      throw removed(volume, e);
    }
    try {
      transactions.executeWithoutResult(status -> {
        quotas.requireRoom(caller.tenant(), caller.user(), adding);
        if (volumes.find(caller.tenant(), id).isPresent()) {
          throw duplicate(id);
        }
        try {
          volumes.insert(volume);
        } catch (DuplicateKeyException e) {
          throw duplicate(id);
        }
        permissions.created(Resource.volume(caller.tenant(), id), caller.user());
      });
    } catch (RuntimeException e) {
      throw removed(volume, e); // 403 quota, 409 taken, 503 lock timeout: no row, so no storage
    }
    return view(volume);
  }

  /**
   * Removes the storage a refused create made and answers the refusal; storage that cannot be
   * removed now is left to {@link OrphanStorageSweep}, and the caller still gets the refusal.
   */
  private RuntimeException removed(Volume volume, RuntimeException refusal) {
    try {
      storage.delete(volume.storageId());
    } catch (RuntimeException e) {
      refusal.addSuppressed(e);
      log.warn(
          "Could not remove the storage {} of a volume that was not created ({}); the orphaned"
              + " storage sweep removes it later",
          volume.storageId(),
          e.toString());
    }
    return refusal;
  }

  public List<VolumeView> list(Caller caller) {
    List<Volume> all = volumes.listTenant(caller.tenant());
    if (caller.isTenantAdmin()) {
      return all.stream().map(this::view).toList();
    }
    Set<String> visible = permissions.visibleIds(caller, ResourceKind.VOLUME);
    return all.stream().filter(v -> visible.contains(v.volumeId())).map(this::view).toList();
  }

  public VolumeView get(Caller caller, String id) {
    return view(require(caller, id, PermissionLevel.READ));
  }

  @Transactional
  public Updated<VolumeView> update(Caller caller, String id, VolumeUpdate update) {
    Volume v = require(caller, id, PermissionLevel.USER);
    if (update == null || (update.description() == null && update.sizeLimit() == null)) {
      throw noChanges("volume");
    }
    String description =
        update.description() == null ? v.description() : podRules.description(update.description());
    int limit = update.sizeLimit() == null ? v.sizeLimitMb() : sizeLimit(update.sizeLimit(), null);
    if (description.equals(v.description()) && limit == v.sizeLimitMb()) {
      return new Updated<>(view(v), false); // every value given is the volume's already
    }
    if (limit < v.sizeLimitMb()) {
      long used = storage.usage(v.storageId());
      if (used > limit * 1024L * 1024L) {
        throw ApiException.conflict(
            "Field size_limit: volume "
                + id
                + " holds "
                + String.format(java.util.Locale.ROOT, "%.1f", used / (1024.0 * 1024))
                + " MB, more than the "
                + limit
                + " MB asked; remove files first.");
      }
    }
    quotas.requireRoom(
        v.tenant(), v.createdBy(), Map.of(Quota.VOLUME_MB, (long) limit - v.sizeLimitMb()));
    Volume updated =
        new Volume(
            v.tenant(),
            id,
            description,
            limit,
            v.status(),
            v.creationTs(),
            now(),
            v.createdBy(),
            v.storageId());
    volumes.update(updated);
    if (limit != v.sizeLimitMb()) {
      try {
        storage.resize(v.storageId(), limit);
      } catch (StorageFullException e) {
        throw cannotHold(id, limit);
      }
    }
    return new Updated<>(view(updated), true);
  }

  @Transactional
  public void delete(Caller caller, String id) {
    Volume v = require(caller, id, PermissionLevel.ADMIN);
    List<String> users = mountedBy(caller.tenant(), id);
    if (!users.isEmpty()) {
      throw ApiException.conflict(
          "Volume "
              + id
              + " is mounted by pods that are not STOPPED: "
              + namedIfVisible(caller, users)
              + ". Stop them or remove the mount first.");
    }
    volumes.delete(caller.tenant(), id);
    permissions.deleted(Resource.volume(caller.tenant(), id));
    storage.delete(v.storageId());
  }

  public List<FileEntry> files(Caller caller, String id) {
    Volume v = require(caller, id, PermissionLevel.READ);
    return storage.list(v.storageId());
  }

  /** Checks everything that can be checked before the body is read. */
  public Volume beforeUpload(Caller caller, String id, String path) {
    Volume v = require(caller, id, PermissionLevel.USER);
    checkPath(v, path);
    return v;
  }

  /**
   * Stores an upload within the room the volume's running uploads share; a body that declares its
   * length claims it before a byte is read. Returns the stored size in bytes.
   */
  public long upload(Volume v, String path, long declaredBytes, VolumeStorage.Upload upload) {
    long declared = Math.max(0, declaredBytes - MULTIPART_FRAMING);
    try {
      storage.requireRoom(v.storageId(), declared);
    } catch (StorageFullException e) {
      throw StorageFull.refusal("The upload");
    }
    try (UploadBudgets.Budget budget =
        budgets.open(
            v.storageId(), v.sizeLimitBytes(), declared, () -> storage.usage(v.storageId()))) {
      long size = storage.store(v.storageId(), path, upload, budget);
      budget.landed(size);
      return size;
    } catch (VolumeStorage.Upload.TooLarge e) {
      throw tooLarge(v);
    } catch (StorageFullException e) {
      throw e.isDisk() ? StorageFull.refusal("The upload") : tooLarge(v);
    } catch (StoragePathException e) {
      throw refused(path, e);
    }
  }

  public VolumeStorage.StoredFile download(Caller caller, String id, String path) {
    Volume v = require(caller, id, PermissionLevel.READ);
    return read(v.storageId(), path);
  }

  public List<String> permissions(Caller caller, String id) {
    require(caller, id, PermissionLevel.READ);
    return permissions.list(Resource.volume(caller.tenant(), id));
  }

  @Transactional
  public List<String> grant(Caller caller, String id, PermissionGrant grant) {
    require(caller, id, PermissionLevel.ADMIN);
    return permissions.grant(caller, Resource.volume(caller.tenant(), id), grant);
  }

  @Transactional
  public List<String> revoke(Caller caller, String id, String user) {
    require(caller, id, PermissionLevel.ADMIN);
    return permissions.revoke(caller, Resource.volume(caller.tenant(), id), user);
  }

  public Volume require(Caller caller, String id, PermissionLevel level) {
    Volume v =
        volumes
            .find(caller.tenant(), id)
            .orElseThrow(() -> ApiException.notFound("Volume " + id + " not found."));
    permissions.require(caller, Resource.volume(caller.tenant(), id), level);
    return v;
  }

  /**
   * A stored file for download, with refusals in the API's words (404 missing, 400 refused, 409 at
   * odds with what is there).
   */
  public VolumeStorage.StoredFile read(String storageId, String path) {
    try {
      return storage.read(storageId, path);
    } catch (StoragePathException e) {
      throw refused(path, e);
    }
  }

  /** A refused file path as the API answers it: the path parameter and the rule it broke. */
  public static ApiException refused(String path, StoragePathException e) {
    return switch (e.reason()) {
      case MISSING -> ApiException.notFound("File " + Paths.shown(path) + " not found.");
      case CONFLICT -> ApiException.conflict("Path refused: " + e.getMessage() + ".");
      case INVALID, OUTSIDE -> ApiException.badRequest("Path refused: " + e.getMessage() + ".");
    };
  }

  private void checkPath(Volume v, String path) {
    try {
      storage.checkPath(v.storageId(), path);
    } catch (StoragePathException e) {
      throw refused(path, e);
    }
  }

  private List<String> mountedBy(String tenant, String volumeId) {
    return pods.listTenant(tenant).stream()
        .filter(p -> p.status() != PodStatus.STOPPED)
        .filter(p -> {
          VolumeMount m = p.definition().volumeMounts().get(volumeId);
          return m != null && VolumeMount.VOLUME.equals(m.type());
        })
        .map(Pod::podId)
        .toList();
  }

  /** The pods the caller may see by id; others only counted, so their ids are not revealed. */
  private String namedIfVisible(Caller caller, List<String> podIds) {
    Set<String> visible =
        caller.isTenantAdmin()
            ? Set.copyOf(podIds)
            : permissions.visibleIds(caller, ResourceKind.POD);
    List<String> named = podIds.stream().filter(visible::contains).toList();
    int others = podIds.size() - named.size();
    String hidden = others + (others == 1 ? " pod" : " pods") + " you hold no permission on";
    if (named.isEmpty()) {
      return hidden;
    }
    return String.join(", ", named) + (others == 0 ? "" : " and " + hidden);
  }

  private int sizeLimit(Integer requested, Integer fallback) {
    int limit = requested == null ? fallback : requested;
    if (limit < 1 || limit > properties.maxSizeLimit()) {
      throw ApiException.badRequest(
          "Field size_limit must be from 1 to " + properties.maxSizeLimit() + " MB.");
    }
    return limit;
  }

  private VolumeView view(Volume v) {
    long mb = Megabytes.whole(storage.usage(v.storageId()));
    return new VolumeView(
        v.volumeId(),
        v.description(),
        v.sizeLimitMb(),
        mb,
        v.status(),
        v.creationTs(),
        v.updateTs());
  }

  /** What a multipart body may carry besides the file: its boundaries and part headers. */
  private static final long MULTIPART_FRAMING = 64 * 1024;

  private static ApiException tooLarge(Volume v) {
    return ApiException.tooLarge(
        "The upload would exceed the size_limit of volume "
            + v.volumeId()
            + " ("
            + v.sizeLimitMb()
            + " MB, shared by all its files and running uploads); nothing was stored.");
  }

  /** The disk under the volumes cannot promise a size_limit: Berth does not overcommit it. */
  private static ApiException cannotHold(String id, int limit) {
    return new ApiException(
        org.springframework.http.HttpStatus.INSUFFICIENT_STORAGE,
        "Field size_limit: the disk Berth stores volumes on cannot hold volume "
            + id
            + " at "
            + limit
            + " MB beside what the other volumes may still fill; nothing was changed. Ask for less"
            + " or try again once an operator has freed space.");
  }

  /** An update that names no field (tapipy drops the fields it does not know). */
  private static ApiException noChanges(String kind) {
    return ApiException.badRequest(
        Updated.noChanges(kind) + " Give description or size_limit with a new value.");
  }

  private static ApiException duplicate(String id) {
    return ApiException.conflict("Field volume_id: a volume named " + id + " already exists.");
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
