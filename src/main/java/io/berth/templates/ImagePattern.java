package io.berth.templates;

import java.util.regex.Pattern;

/**
 * A glob over image references: {@code *} matches any run of characters, {@code ?} one. {@code
 * docker.io/library/postgres:*} allows every tag of that image.
 *
 * <p>Matched by the two-pointer wildcard walk that backtracks only to the last star: at most (image
 * length + 1) x (glob length + 1) steps whatever the pattern, where a regular expression backtracks
 * exponentially in the number of stars ({@code r*a*a*a*a*a*a*a*a*b} took 41 s of CPU on a
 * 50-character image).
 */
public record ImagePattern(String glob) {
  private static final Pattern ALLOWED = Pattern.compile("^[A-Za-z0-9._:/@*?-]{1,512}$");

  public static boolean isWellFormed(String glob) {
    return glob != null && ALLOWED.matcher(glob).matches();
  }

  public static ImagePattern of(String glob) {
    if (!isWellFormed(glob)) {
      throw new IllegalArgumentException("invalid image pattern " + glob);
    }
    return new ImagePattern(glob);
  }

  public boolean matches(String image) {
    return walk(image).matched();
  }

  /** Whether the glob matched and how many steps the walk took (tests bound the latter). */
  record Walk(boolean matched, long steps) {}

  Walk walk(String image) {
    int g = 0;
    int i = 0;
    int lastStar = -1;
    int resumeAt = 0;
    long steps = 0;
    while (i < image.length()) {
      steps++;
      char c = g < glob.length() ? glob.charAt(g) : 0;
      if (g < glob.length() && c != '*' && (c == '?' || c == image.charAt(i))) {
        g++;
        i++;
      } else if (c == '*') {
        lastStar = g++;
        resumeAt = i;
      } else if (lastStar >= 0) {
        // let the last star swallow one more character and retry what follows it
        g = lastStar + 1;
        i = ++resumeAt;
      } else {
        return new Walk(false, steps);
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      steps++;
      g++;
    }
    return new Walk(g == glob.length(), steps);
  }
}
