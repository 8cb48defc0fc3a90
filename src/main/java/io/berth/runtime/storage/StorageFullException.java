package io.berth.runtime.storage;

import java.io.IOException;

/**
 * A storage had no room for a write. Either its own filesystem is full ({@link #limit()}: its
 * size_limit is reached, whoever wrote the bytes: the client's affair, 413) or the disk holding it
 * is ({@link #disk()}: the server's lack of room, 507). Only the storage knows which, so it says.
 */
public class StorageFullException extends RuntimeException {
  private final boolean disk;

  /** The storage's own filesystem (its size_limit) is full. */
  public StorageFullException() {
    this(false, "the storage is full");
  }

  private StorageFullException(boolean disk, String message) {
    super(message, null, false, false);
    this.disk = disk;
  }

  /** The storage's own filesystem (its size_limit) is full. */
  public static StorageFullException limit() {
    return new StorageFullException();
  }

  /**
   * The disk holding the storage is full (or cannot hold what was asked); the message carries the
   * system's words so that any layer recognises it as a full disk.
   */
  public static StorageFullException disk(String detail) {
    return new StorageFullException(true, "No space left on device: " + detail);
  }

  /** Whether the disk under the storage ran out, rather than the storage's own size_limit. */
  public boolean isDisk() {
    return disk;
  }

  /** Whether a write failed because the filesystem under it ran out of space (ENOSPC). */
  public static boolean noSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException && String.valueOf(t.getMessage()).contains("No space left")) {
        return true;
      }
      if (t instanceof StorageFullException) {
        return true;
      }
    }
    return false;
  }
}
