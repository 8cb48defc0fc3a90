package io.berth.runtime.storage;

import java.nio.charset.StandardCharsets;

/**
 * File paths inside a volume: taken from the rest of a request path ({@code {*path}} captures a
 * leading slash), and checked by their text alone, the same way for every storage.
 */
public final class Paths {
  /** Linux's limits: a name of 255 bytes, a path of 4,095 (PATH_MAX with its NUL). */
  public static final int MAX_NAME_BYTES = 255;

  public static final int MAX_PATH_BYTES = 4095;

  private Paths() {}

  public static String relative(String captured) {
    return captured.startsWith("/") ? captured.substring(1) : captured;
  }

  /**
   * Refuses a path that is empty, absolute, has empty, {@code .} or {@code ..} names, a backslash
   * or a NUL, or is longer than Linux allows; returns it unchanged otherwise. Links are each
   * storage's own check.
   */
  public static String checked(String path) {
    if (path == null || path.isBlank()) {
      throw new StoragePathException("a file path is required");
    }
    if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
      throw new StoragePathException("path " + shown(path) + " must be relative to the volume");
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new StoragePathException(
          "path " + shown(path) + " is longer than " + MAX_PATH_BYTES + " bytes");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new StoragePathException("path " + shown(path) + " must not contain '.' or '..'");
      }
      if (segment.isEmpty()) {
        throw new StoragePathException(
            "path " + shown(path) + " must not have empty names ('//' or a trailing '/')");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        throw new StoragePathException(
            "path "
                + shown(path)
                + ": a file or directory name is longer than "
                + MAX_NAME_BYTES
                + " bytes");
      }
    }
    return path;
  }

  /** A path for a message: long ones are cut, so a refusal stays readable. */
  public static String shown(String path) {
    return path.length() <= 120
        ? path
        : path.substring(0, 60) + "..." + path.substring(path.length() - 40);
  }
}
