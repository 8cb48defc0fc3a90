package io.berth.volumes;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionLevel;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.web.ApiException;
import io.berth.web.StorageFull;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * What a file browser does in a volume besides uploads and downloads (Berth's extensions to the
 * Tapis volume API): list one folder (READ), and remove, make a folder, rename or move (USER, as
 * uploads). Paths follow the upload rules; refusals are the API's (400, 404, 409).
 */
@Service
public class VolumeFiles {
  private final VolumeService volumes;
  private final VolumeStorage storage;

  public VolumeFiles(VolumeService volumes, VolumeStorage storage) {
    this.volumes = volumes;
    this.storage = storage;
  }

  /** The files and folders directly in {@code path} ("" for the volume's root). */
  public List<FileEntry> folder(Caller caller, String volumeId, String path) {
    Volume v = volumes.require(caller, volumeId, PermissionLevel.READ);
    try {
      return storage.listFolder(v.storageId(), path);
    } catch (StoragePathException e) {
      throw VolumeService.refused(path, e);
    }
  }

  public void remove(Caller caller, String volumeId, String path) {
    Volume v = volumes.require(caller, volumeId, PermissionLevel.USER);
    try {
      storage.remove(v.storageId(), path);
    } catch (StoragePathException e) {
      throw VolumeService.refused(path, e);
    }
  }

  public void makeDirectory(Caller caller, String volumeId, String path) {
    Volume v = volumes.require(caller, volumeId, PermissionLevel.USER);
    try {
      storage.makeDirectory(v.storageId(), path);
    } catch (StoragePathException e) {
      throw VolumeService.refused(path, e);
    } catch (StorageFullException e) {
      throw full(v, e);
    }
  }

  /** Renames or moves {@code from} to {@code to}, which must not exist yet. */
  public void move(Caller caller, String volumeId, String from, String to) {
    Volume v = volumes.require(caller, volumeId, PermissionLevel.USER);
    if (to == null || to.isBlank()) {
      throw ApiException.badRequest(
          "Field destination_path is required: the file's new path in the volume.");
    }
    try {
      Paths.checked(to);
    } catch (StoragePathException e) {
      throw ApiException.badRequest("Field destination_path: " + e.getMessage() + ".");
    }
    try {
      storage.move(v.storageId(), from, to);
    } catch (StoragePathException e) {
      throw VolumeService.refused(
          e.reason() == StoragePathException.Reason.CONFLICT ? to : from, e);
    } catch (StorageFullException e) {
      throw full(v, e);
    }
  }

  private static ApiException full(Volume v, StorageFullException e) {
    return e.isDisk()
        ? StorageFull.refusal("The change")
        : ApiException.tooLarge(
            "Volume "
                + v.volumeId()
                + " is full (size_limit "
                + v.sizeLimitMb()
                + " MB); nothing was changed.");
  }
}
