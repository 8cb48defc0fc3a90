package io.berth.templates;

import java.util.regex.Pattern;

/**
 * A glob over image references: {@code *} matches any run of characters, {@code ?} one. {@code
 * docker.io/library/postgres:*} allows every tag of that image.
 */
public record ImagePattern(String glob, Pattern regex) {
  private static final Pattern ALLOWED = Pattern.compile("^[A-Za-z0-9._:/@*?-]{1,512}$");

  public static boolean isWellFormed(String glob) {
    return glob != null && ALLOWED.matcher(glob).matches();
  }

  public static ImagePattern of(String glob) {
    if (!isWellFormed(glob)) {
      throw new IllegalArgumentException("invalid image pattern " + glob);
    }
    StringBuilder regex = new StringBuilder("^");
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new ImagePattern(glob, Pattern.compile(regex.append('$').toString()));
  }

  public boolean matches(String image) {
    return regex.matcher(image).matches();
  }
}
