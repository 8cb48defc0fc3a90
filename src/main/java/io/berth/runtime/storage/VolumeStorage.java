package io.berth.runtime.storage;

import java.io.InputStream;
import java.util.List;

/**
 * Where volume, snapshot and pod data lives, addressed by logical storage ids ({@code
 * vol-<tenant>-<uid>}, {@code snap-<tenant>-<uid>}, {@code pod-<tenant>-<uid>-data<n>}, see {@link
 * io.berth.runtime.StorageNames}): the model never sees a host path. The engine adapter mounts the
 * same ids into containers.
 */
public interface VolumeStorage {
  void create(String storageId);

  /**
   * Creates a storage that will hold up to {@code sizeLimitMb} MiB: where space is reserved up
   * front (a Kubernetes claim), that much; elsewhere the same as {@link #create(String)}.
   */
  default void create(String storageId, int sizeLimitMb) {
    create(storageId);
  }

  /**
   * Creates {@code toStorageId} as a point-in-time copy of {@code fromPath} of another storage.
   * Storages that can make it in one step (a CSI snapshot) override this; the rest create and copy.
   */
  default void createCopy(
      String fromStorageId, String fromPath, String toStorageId, String toPath, int sizeLimitMb) {
    create(toStorageId, sizeLimitMb);
    copy(fromStorageId, fromPath, toStorageId, toPath);
  }

  void delete(String storageId);

  /** Whether the storage was made (by {@link #create} or by mounting it into a pod). */
  boolean exists(String storageId);

  /** Deletes every storage whose id starts with {@code prefix}. */
  void deleteAll(String prefix);

  /**
   * The storages whose ids start with {@code prefix}, half-made ones included (a create cut short
   * by a crash), for a sweep of what no row refers to; a storage that cannot list them answers
   * none, and nothing is swept there.
   */
  default List<ExistingStorage> existing(String prefix) {
    return List.of();
  }

  /**
   * Which storages these are, for work over all of them (a sweep) that must run once per set of
   * storages: processes answering the same value see the same storages. {@code ""} (the default)
   * means every process of the site sees the same ones, as on Kubernetes; storages kept in each
   * process's {@code BERTH_HOME} answer an id of that home. At most 64 characters.
   */
  default String scope() {
    return "";
  }

  /**
   * Applies a changed size limit to a storage made with one (a filesystem of that size is grown or
   * shrunk); storages that reserve nothing ignore it.
   */
  default void resize(String storageId, int sizeLimitMb) {}

  /** Bytes used. */
  long usage(String storageId);

  List<FileEntry> list(String storageId);

  /** Most entries a one-folder listing returns. */
  int FOLDER_ENTRIES = 10_000;

  /**
   * The files and directories directly in the folder {@code path} ("" for the root), by name, links
   * and special files left out; a folder holding more than {@link #FOLDER_ENTRIES} is cut.
   */
  List<FileEntry> listFolder(String storageId, String path);

  /** Removes the file or the directory with everything in it at {@code path}. */
  void remove(String storageId, String path);

  /**
   * Makes the directory {@code path}, and the missing ones above it, owned like the root; refused
   * ({@link StoragePathException.Reason#CONFLICT}) when something is already there.
   */
  void makeDirectory(String storageId, String path);

  /**
   * Renames or moves the file or directory {@code from} to {@code to}, making missing directories
   * above {@code to}; never replaces what is at {@code to} (a conflict) and refuses a directory
   * moved into itself.
   */
  void move(String storageId, String from, String to);

  /** The room uploads to one storage share: each claims its bytes as they arrive. */
  interface Room {
    /** Claims room for an upload now {@code bytes} long; throws {@link Upload.TooLarge} past it. */
    void claim(long bytes);
  }

  /** An upload as it arrives: its bytes are written once, to wherever the storage stages them. */
  interface Upload {
    /**
     * Writes the bytes to {@code target} and returns how many there were, claiming {@code room} for
     * them as they arrive (which throws {@link TooLarge} when there is none left).
     */
    long writeTo(java.nio.file.Path target, Room room) throws java.io.IOException;

    /** The upload outgrew the room it was given; the caller names the limit it broke. */
    final class TooLarge extends RuntimeException {
      public TooLarge() {
        super("the upload exceeds the room it was given", null, false, false);
      }
    }
  }

  /**
   * Stores an upload at {@code path}, within {@code room}, replacing any file there, and returns
   * its size; never leaves a partial file. Throws {@link StoragePathException} when the path is
   * refused, {@link Upload.TooLarge} or {@link StorageFullException} when there is no room.
   */
  long store(String storageId, String path, Upload upload, Room room);

  /**
   * Refuses, with {@link StorageFullException#disk}, an upload of about {@code bytes} (0 when
   * unknown) that the disk under the storage cannot take, before its body is read.
   */
  default void requireRoom(String storageId, long bytes) {}

  /** Checks a relative path against the storage's rules before anything is written. */
  void checkPath(String storageId, String path);

  /** The file at {@code path}, for streaming out. */
  StoredFile read(String storageId, String path);

  /** Copies {@code fromPath} (a file or directory, "" for all) of one storage into another. */
  void copy(String fromStorageId, String fromPath, String toStorageId, String toPath);

  /** A readable file: its size, its name and a way to open a stream on it. */
  record StoredFile(long size, String name, java.util.function.Supplier<InputStream> opener) {
    public InputStream open() {
      return opener.get();
    }
  }
}
