package io.berth.ops.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Directory trees: copied with {@code cp -a --reflink=auto} (owners, modes and times kept, which
 * pods' data directories need; blocks shared where the filesystem can), removed, kept private.
 */
final class Trees {
  private Trees() {}

  static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Process process =
        new ProcessBuilder(List.of("cp", "-a", "--reflink=auto", from + "/.", to.toString()))
            .redirectErrorStream(true)
            .start();
    try {
      Files.createDirectories(to);
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IOException("copying " + from + " to " + to + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("copying " + from + " was interrupted", e);
    }
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static void deleteQuietly(Path dir) {
    try {
      delete(dir);
    } catch (IOException e) {
      // a leftover .partial directory is ignored by list and removed by the next retention pass
    }
  }

  static boolean emptyOrMissing(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  static void createPrivate(Path dir) throws IOException {
    Files.createDirectories(dir);
    makePrivate(dir);
  }

  static void makePrivate(Path path) throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(
          path,
          PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
    }
  }
}
