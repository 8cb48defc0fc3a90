package io.berth.snapshots;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.Resource;
import io.berth.permissions.ResourceKind;
import io.berth.pods.PodRules;
import io.berth.runtime.StorageNames;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.volumes.Megabytes;
import io.berth.volumes.Volume;
import io.berth.volumes.VolumeService;
import io.berth.web.ApiException;
import io.berth.web.Descriptions;
import io.berth.web.Updated;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The snapshot use cases behind {@code /v3/pods/snapshots}. A snapshot is taken at once as a copy
 * (copy-on-write where the filesystem shares blocks), so later changes to the volume never reach
 * it.
 */
@Service
public class SnapshotService {
  private final SnapshotRepository snapshots;
  private final Permissions permissions;
  private final VolumeStorage storage;
  private final VolumeService volumes;
  private final PodRules podRules;
  private final SnapshotScheduleRepository schedules;
  private final SnapshotsProperties properties;
  private final Clock clock;

  public SnapshotService(
      SnapshotRepository snapshots,
      Permissions permissions,
      VolumeStorage storage,
      VolumeService volumes,
      PodRules podRules,
      SnapshotScheduleRepository schedules,
      SnapshotsProperties properties,
      Clock clock) {
    this.snapshots = snapshots;
    this.permissions = permissions;
    this.storage = storage;
    this.volumes = volumes;
    this.podRules = podRules;
    this.schedules = schedules;
    this.properties = properties;
    this.clock = clock;
  }

  public SnapshotView create(Caller caller, NewSnapshot request) {
    if (request == null) {
      throw ApiException.badRequest(
          "The request body must be a JSON object describing the snapshot.");
    }
    String id = podRules.podId(request.snapshotId(), "snapshot_id");
    if (request.sourceVolumeId() == null) {
      throw ApiException.badRequest("Field source_volume_id is required.");
    }
    Volume source = volumes.require(caller, request.sourceVolumeId(), PermissionLevel.USER);
    String sourcePath = relativeOrRoot("source_volume_path", request.sourceVolumePath());
    String destination = relativeOrRoot("destination_path", request.destinationPath());
    int limit = request.sizeLimit() == null ? source.sizeLimitMb() : request.sizeLimit();
    if (limit < 1 || limit > 102400) {
      throw ApiException.badRequest("Field size_limit must be from 1 to 102400 MB.");
    }
    SnapshotSchedule schedule =
        SnapshotSchedule.of(
            request.cron(), request.retentionPolicy(), properties.minScheduleInterval());
    Instant now = now();
    Snapshot snapshot =
        new Snapshot(
            caller.tenant(),
            id,
            source.volumeId(),
            sourcePath,
            destination,
            podRules.description(request.description()),
            limit,
            0,
            "CREATING",
            now,
            now,
            caller.user(),
            StorageNames.newSnapshot(caller.tenant()));
    if (snapshots.find(caller.tenant(), id).isPresent()) {
      throw duplicate(id);
    }
    try {
      snapshots.insert(snapshot);
    } catch (DuplicateKeyException e) {
      throw duplicate(id);
    }
    take(snapshot, source);
    schedules.save(caller.tenant(), id, schedule, schedule.next(now).orElse(null));
    return view(snapshots.find(caller.tenant(), id).orElseThrow(), schedule);
  }

  /**
   * Takes the scheduled copy {@code copyId} of {@code schedule}'s source, owned by the schedule's
   * owner; a copy by that name already taken is refused (409): no instant is taken twice. The copy
   * is shared as its schedule is (each grant at its level) and readable by whoever may read the
   * volume (grants there at most READ): they could read those files anyway, and a right over the
   * volume is no right to delete someone's copies.
   */
  public void takeScheduledCopy(Snapshot schedule, Volume source, String copyId) {
    Instant now = now();
    Snapshot copy =
        new Snapshot(
            schedule.tenant(),
            copyId,
            source.volumeId(),
            schedule.sourceVolumePath(),
            schedule.destinationPath(),
            Descriptions.check(
                "description", "Taken by the schedule of snapshot " + schedule.snapshotId()),
            schedule.sizeLimitMb(),
            0,
            Snapshot.CREATING,
            now,
            now,
            schedule.createdBy(),
            StorageNames.newSnapshot(schedule.tenant()));
    try {
      snapshots.insert(copy, schedule.snapshotId());
    } catch (DuplicateKeyException e) {
      throw duplicate(copyId);
    }
    take(copy, source);
    Resource copied = Resource.snapshot(schedule.tenant(), copyId);
    permissions.inherit(
        copied, Resource.snapshot(schedule.tenant(), schedule.snapshotId()), PermissionLevel.ADMIN);
    permissions.inherit(
        copied, Resource.volume(schedule.tenant(), source.volumeId()), PermissionLevel.READ);
  }

  /** Removes a snapshot, its access list and its storage (a pruned or abandoned copy). */
  void remove(Snapshot s) {
    undo(s);
  }

  /** The inserted snapshot's copy is made and recorded AVAILABLE; any failure removes it all. */
  private void take(Snapshot snapshot, Volume source) {
    String id = snapshot.snapshotId();
    String sourcePath = snapshot.sourceVolumePath();
    String destination = snapshot.destinationPath();
    int limit = snapshot.sizeLimitMb();
    permissions.created(Resource.snapshot(snapshot.tenant(), id), snapshot.createdBy());
    try {
      storage.createCopy(source.storageId(), sourcePath, snapshot.storageId(), destination, limit);
    } catch (StoragePathException e) {
      undo(snapshot);
      throw ApiException.badRequest("Field source_volume_path: " + e.getMessage() + ".");
    } catch (StorageFullException e) {
      undo(snapshot);
      if (e.isDisk()) {
        throw io.berth.web.StorageFull.refusal("The snapshot");
      }
      throw ApiException.tooLarge(
          "The snapshot does not fit its size_limit of " + limit + " MB; nothing was kept.");
    } catch (RuntimeException e) {
      undo(snapshot);
      throw e;
    }
    long size = storage.usage(snapshot.storageId());
    if (size > limit * 1024L * 1024L) {
      undo(snapshot);
      throw ApiException.tooLarge(
          "The snapshot would be "
              + size
              + " bytes, over its size_limit of "
              + limit
              + " MB; nothing was kept.");
    }
    snapshots.finish(snapshot.tenant(), id, "AVAILABLE", size, now());
  }

  public List<SnapshotView> list(Caller caller) {
    List<Snapshot> all = snapshots.listTenant(caller.tenant());
    Map<String, SnapshotSchedule> scheduled = schedules.listTenant(caller.tenant());
    Set<String> visible =
        caller.isTenantAdmin() ? null : permissions.visibleIds(caller, ResourceKind.SNAPSHOT);
    return all.stream()
        .filter(s -> visible == null || visible.contains(s.snapshotId()))
        .map(s -> view(s, scheduled.getOrDefault(s.snapshotId(), SnapshotSchedule.NONE)))
        .toList();
  }

  public SnapshotView get(Caller caller, String id) {
    return view(require(caller, id, PermissionLevel.READ));
  }

  /** A new description, cron or retention_policy; a new schedule counts from now. */
  public Updated<SnapshotView> update(Caller caller, String id, SnapshotUpdate update) {
    Snapshot current = require(caller, id, PermissionLevel.USER);
    if (update == null
        || (update.description() == null
            && update.cron() == null
            && update.retentionPolicy() == null)) {
      throw ApiException.badRequest(
          Updated.noChanges("snapshot") + " Give a new description, cron or retention_policy.");
    }
    SnapshotSchedule was = schedules.find(caller.tenant(), id).orElse(SnapshotSchedule.NONE);
    String description =
        update == null || update.description() == null
            ? current.description()
            : podRules.description(update.description());
    SnapshotSchedule schedule =
        update == null || (update.cron() == null && update.retentionPolicy() == null)
            ? was
            : SnapshotSchedule.of(
                update.cron() == null ? was.cron() : update.cron(),
                update.retentionPolicy() == null
                    ? was.retention().text()
                    : update.retentionPolicy(),
                properties.minScheduleInterval());
    if (description.equals(current.description()) && schedule.equals(was)) {
      return new Updated<>(view(current, was), false); // every value given is the snapshot's
    }
    Instant now = now();
    if (!description.equals(current.description())) {
      snapshots.describe(caller.tenant(), id, description, now);
    }
    if (!schedule.equals(was)) {
      schedules.save(caller.tenant(), id, schedule, schedule.next(now).orElse(null));
    }
    return new Updated<>(view(snapshots.find(caller.tenant(), id).orElseThrow(), schedule), true);
  }

  public void delete(Caller caller, String id) {
    Snapshot s = require(caller, id, PermissionLevel.ADMIN);
    undo(s);
  }

  public List<FileEntry> files(Caller caller, String id) {
    return storage.list(require(caller, id, PermissionLevel.READ).storageId());
  }

  public VolumeStorage.StoredFile download(Caller caller, String id, String path) {
    return volumes.read(require(caller, id, PermissionLevel.READ).storageId(), path);
  }

  public List<String> permissions(Caller caller, String id) {
    require(caller, id, PermissionLevel.READ);
    return permissions.list(Resource.snapshot(caller.tenant(), id));
  }

  public List<String> grant(Caller caller, String id, PermissionGrant grant) {
    require(caller, id, PermissionLevel.ADMIN);
    return permissions.grant(caller, Resource.snapshot(caller.tenant(), id), grant);
  }

  public List<String> revoke(Caller caller, String id, String user) {
    require(caller, id, PermissionLevel.ADMIN);
    return permissions.revoke(caller, Resource.snapshot(caller.tenant(), id), user);
  }

  public Snapshot require(Caller caller, String id, PermissionLevel level) {
    Snapshot s =
        snapshots
            .find(caller.tenant(), id)
            .orElseThrow(() -> ApiException.notFound("Snapshot " + id + " not found."));
    permissions.require(caller, Resource.snapshot(caller.tenant(), id), level);
    return s;
  }

  private void undo(Snapshot s) {
    schedules.delete(s.tenant(), s.snapshotId());
    snapshots.release(s.tenant(), s.snapshotId());
    snapshots.delete(s.tenant(), s.snapshotId());
    permissions.deleted(Resource.snapshot(s.tenant(), s.snapshotId()));
    storage.delete(s.storageId());
  }

  private static String relativeOrRoot(String field, String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "";
    }
    String relative = path.startsWith("/") ? path.substring(1) : path;
    if (relative.contains("..") || relative.contains("\\") || relative.length() > 1024) {
      throw ApiException.badRequest(
          "Field " + field + " must be a path inside the volume, without '..'.");
    }
    return relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
  }

  private SnapshotView view(Snapshot s) {
    return view(s, schedules.find(s.tenant(), s.snapshotId()).orElse(SnapshotSchedule.NONE));
  }

  private static SnapshotView view(Snapshot s, SnapshotSchedule schedule) {
    return new SnapshotView(
        s.snapshotId(),
        s.sourceVolumeId(),
        s.sourceVolumePath(),
        s.destinationPath(),
        s.description(),
        s.sizeLimitMb(),
        schedule.cron(),
        schedule.retention().text(),
        Megabytes.whole(s.sizeBytes()),
        s.status(),
        s.creationTs(),
        s.updateTs());
  }

  private static ApiException duplicate(String id) {
    return ApiException.conflict("Field snapshot_id: a snapshot named " + id + " already exists.");
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
