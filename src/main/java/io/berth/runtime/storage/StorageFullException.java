package io.berth.runtime.storage;

import java.io.IOException;

/** The storage's own filesystem is full: its size_limit is reached, whoever wrote the bytes. */
public class StorageFullException extends RuntimeException {
  public StorageFullException() {
    super("the storage is full", null, false, false);
  }

  /** Whether a write failed because the filesystem under it ran out of space (ENOSPC). */
  public static boolean noSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException && String.valueOf(t.getMessage()).contains("No space left")) {
        return true;
      }
    }
    return false;
  }
}
