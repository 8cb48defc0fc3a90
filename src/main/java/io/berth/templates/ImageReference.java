package io.berth.templates;

import java.util.regex.Pattern;

/** Checks the shape of an image reference: [registry[:port]/]path[:tag][@sha256:digest]. */
public final class ImageReference {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String REGISTRY = "(?:[A-Za-z0-9.-]+(?::[0-9]{1,5})?/)?";
  private static final Pattern REFERENCE =
      Pattern.compile(
          "^"
              + REGISTRY
              + COMPONENT
              + "(?:/"
              + COMPONENT
              + ")*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

  private ImageReference() {}

  public static boolean isValid(String image) {
    return image != null && image.length() <= 512 && REFERENCE.matcher(image).matches();
  }
}
