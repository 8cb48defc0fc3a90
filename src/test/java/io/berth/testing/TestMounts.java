package io.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Volumes' own filesystems are loop mounts under BERTH_HOME, which Berth leaves mounted when it
 * stops (as a site wants). Tests' homes are thrown away: their mounts are detached when the test
 * JVM exits, including those of Berth processes the tests started and killed.
 */
public final class TestMounts {
  private TestMounts() {}

  public static void unmountOnExit(Path home) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> unmountUnder(home)));
  }

  /** Lazily unmounts everything mounted at or under {@code dir}, deepest first. */
  public static void unmountUnder(Path dir) {
    List<String> mounts = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String point = unescape(line.split(" ")[4]);
        if (Path.of(point).startsWith(dir)) {
          mounts.add(point);
        }
      }
    } catch (IOException e) {
      return;
    }
    mounts.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : mounts) {
      try {
        new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor();
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
