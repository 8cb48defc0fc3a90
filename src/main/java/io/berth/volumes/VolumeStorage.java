package io.berth.volumes;

import java.io.InputStream;
import java.util.List;

/**
 * Where volume, snapshot and pod data lives, addressed by logical storage ids ({@code
 * vol-<tenant>-<id>}, {@code snap-<tenant>-<id>}, {@code pod-<tenant>-<pod>-data<n>}): the model
 * never sees a host path. The engine adapter mounts the same ids into containers.
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

  /** Deletes every storage whose id starts with {@code prefix}. */
  void deleteAll(String prefix);

  /** Bytes used. */
  long usage(String storageId);

  List<FileEntry> list(String storageId);

  /** An uploaded file already received in full: its size, and a way to put its bytes at a place. */
  interface Upload {
    long size();

    /** Writes the bytes to {@code target} (a rename when they were spooled on the same disk). */
    void writeTo(java.nio.file.Path target) throws java.io.IOException;
  }

  /** Stores an upload at {@code path}, replacing any file there; never leaves a partial file. */
  void store(String storageId, String path, Upload upload);

  /** Checks a relative path against the storage's rules before anything is written. */
  void checkPath(String storageId, String path);

  /** The file at {@code path}, for streaming out. */
  StoredFile read(String storageId, String path);

  /** Copies {@code fromPath} (a file or directory, "" for all) of one storage into another. */
  void copy(String fromStorageId, String fromPath, String toStorageId, String toPath);

  /** A readable file: its size and a stream to read it. */
  interface StoredFile {
    long size();

    String name();

    InputStream open();
  }
}
