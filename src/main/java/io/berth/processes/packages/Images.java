package io.berth.processes.packages;

import io.berth.processes.catalog.OgcException;
import java.util.regex.Pattern;

/** Image references as packages give them: {@code docker://} (CWL's habit) is dropped. */
final class Images {
  private static final Pattern REFERENCE =
      Pattern.compile("^[a-z0-9][a-z0-9._/:@-]{0,511}$", Pattern.CASE_INSENSITIVE);

  private Images() {}

  static String reference(String image, String path) {
    String trimmed = image.strip();
    if (trimmed.startsWith("docker://")) {
      trimmed = trimmed.substring("docker://".length());
    }
    if (!REFERENCE.matcher(trimmed).matches()) {
      throw OgcException.invalid(
          path + " must be an image reference of at most 512 letters, digits and . _ / : @ -.");
    }
    return trimmed;
  }
}
