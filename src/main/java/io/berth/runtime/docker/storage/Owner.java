package io.berth.runtime.docker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whose the files Berth writes in a volume are: the owner and group of the volume's root directory,
 * which is the user a pod runs as (mapped through its user namespace). Files get mode 0664 and
 * directories 2775, so that user and its group read and write them whatever Berth's own umask.
 */
record Owner(int uid, int gid) {
  static final int FILE_MODE = 0664;
  static final int DIRECTORY_MODE = 02775;

  /** The owner of {@code dir} (a descriptor path from {@link Dir#proc()}, or a trusted path). */
  static Owner of(Path dir) {
    try {
      return new Owner(
          (Integer) Files.getAttribute(dir, "unix:uid"),
          (Integer) Files.getAttribute(dir, "unix:gid"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Gives {@code path} this owner and {@code mode}; the owner first, as chown clears setgid. A
   * Berth that is not root cannot give files away: they keep its own owner, with the same modes.
   */
  void apply(Path path, int mode) {
    try {
      try {
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", gid);
      } catch (FileSystemException e) {
        if (ROOT) {
          throw e;
        }
      }
      Files.setAttribute(path, "unix:mode", mode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
}
