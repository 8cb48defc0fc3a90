package io.berth.volumes;

/**
 * File paths inside a volume: taken from the rest of a request path ({@code {*path}} captures a
 * leading slash), and checked by their text alone, the same way for every storage.
 */
public final class Paths {
  /** Where uploads are staged before their rename into place: never a user's path. */
  public static final String STAGING = ".berth-staging";

  private Paths() {}

  static String relative(String captured) {
    return captured.startsWith("/") ? captured.substring(1) : captured;
  }

  /**
   * Refuses a path that is empty, absolute, has {@code .} or {@code ..} segments, a backslash, a
   * NUL or the staging name; returns it unchanged otherwise. Links are each storage's own check.
   */
  public static String checked(String path) {
    if (path == null || path.isBlank()) {
      throw new StoragePathException("a file path is required");
    }
    if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
      throw new StoragePathException("path " + path + " must be relative to the volume");
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new StoragePathException("path " + path + " must not contain '.' or '..'");
      }
      if (segment.equals(STAGING)) {
        throw new StoragePathException("path " + path + " uses a reserved name");
      }
    }
    return path;
  }
}
