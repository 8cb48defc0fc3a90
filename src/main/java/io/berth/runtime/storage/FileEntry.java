package io.berth.runtime.storage;

import java.time.Instant;

/**
 * One file or directory of a volume or snapshot as storage reports it: its path relative to the
 * root, bytes, last change, permission bits as {@code ls} shows them ({@code rw-r--r--}) and
 * whether it is a directory (only one-folder listings report directories).
 */
public record FileEntry(
    String path, long size, Instant modificationTime, String permissions, boolean directory) {

  /** The last name of the path. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
