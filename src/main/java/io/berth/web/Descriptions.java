package io.berth.web;

import java.util.Locale;

/**
 * The rule Tapis keeps on every description (pods, volumes, snapshots, templates, images, a pod's
 * {@code tapis_ui_uri_description}): ASCII only and at most 255 characters. Its wording keeps
 * Tapis's "description field may only contain ASCII characters" and "description field must be less
 * than 255 characters", which its clients and tests look for, after Berth's "Field ..." that names
 * where.
 */
public final class Descriptions {
  public static final int MAX_LENGTH = 255;

  private Descriptions() {}

  /** The description, "" when none is given; a 400 naming {@code field} when it breaks the rule. */
  public static String check(String field, String description) {
    if (description == null) {
      return "";
    }
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (c > 0x7f) {
        throw ApiException.badRequest(
            String.format(
                Locale.ROOT,
                "Field %s: %s field may only contain ASCII characters (U+%04X at %d).",
                field,
                field.substring(field.lastIndexOf('.') + 1),
                description.codePointAt(i),
                i));
      }
    }
    if (description.length() > MAX_LENGTH) {
      throw ApiException.badRequest(
          String.format(
              Locale.ROOT,
              "Field %s: %s field must be less than 255 characters. Inputted length: %d (at most"
                  + " %d).",
              field,
              field.substring(field.lastIndexOf('.') + 1),
              description.length(),
              MAX_LENGTH));
    }
    return description;
  }
}
