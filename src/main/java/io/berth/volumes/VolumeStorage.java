package io.berth.volumes;

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

  /** Bytes used. */
  long usage(String storageId);

  List<FileEntry> list(String storageId);

  /** An upload as it arrives: its bytes are written once, to wherever the storage stages them. */
  interface Upload {
    /**
     * Writes the bytes to {@code target} and returns how many there were; throws {@link TooLarge}
     * as soon as they pass {@code maxBytes}.
     */
    long writeTo(java.nio.file.Path target, long maxBytes) throws java.io.IOException;

    /** The upload outgrew the room it was given; the caller names the limit it broke. */
    final class TooLarge extends RuntimeException {
      public TooLarge() {
        super("the upload exceeds the room it was given", null, false, false);
      }
    }
  }

  /**
   * Stores an upload of at most {@code maxBytes} at {@code path}, replacing any file there, and
   * returns its size; never leaves a partial file.
   */
  long store(String storageId, String path, Upload upload, long maxBytes);

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
