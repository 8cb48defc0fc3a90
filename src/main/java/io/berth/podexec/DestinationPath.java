package io.berth.podexec;

import io.berth.web.ApiException;
import java.nio.charset.StandardCharsets;

/**
 * The rules for {@code dest_path}: an absolute path naming a file (not a directory), with no {@code
 * .} or {@code ..} segment and no NUL, within the usual Linux limits. Where it leads inside the
 * container (its links included) is the container's own business; Berth never resolves it.
 */
final class DestinationPath {
  static final String FIELD = "dest_path";
  private static final int MAX_PATH_BYTES = 4095;
  private static final int MAX_NAME_BYTES = 255;

  private DestinationPath() {}

  static String check(String path) {
    return check(FIELD, path);
  }

  /** The rules for an absolute path given in the form's field {@code field}. */
  static String check(String field, String path) {
    if (path == null || path.isEmpty()) {
      throw ApiException.badRequest("Field " + field + " is required: the file's path in the pod.");
    }
    if (path.indexOf('\0') >= 0) {
      throw ApiException.badRequest("Field " + field + " must not contain a NUL character.");
    }
    if (!path.startsWith("/")) {
      throw ApiException.badRequest(
          "Field " + field + " must be an absolute path (starting with /); it is " + path + ".");
    }
    if (path.endsWith("/")) {
      throw ApiException.badRequest(
          "Field " + field + " must name a file, not a directory (it ends with /).");
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw ApiException.badRequest(
          "Field " + field + " must be at most " + MAX_PATH_BYTES + " bytes long.");
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw ApiException.badRequest(
            "Field " + field + " must not contain empty, . or .. segments; it is " + path + ".");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        throw ApiException.badRequest(
            "Field " + field + " has a name over " + MAX_NAME_BYTES + " bytes.");
      }
    }
    return path;
  }
}
