package io.berth.runtime.docker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins sub_path directories for the engine, as the kubelet does for subPath: the directory found
 * without following links is bind-mounted through its descriptor ({@code /proc/<pid>/fd/<n>}) onto
 * a private path under {@code BERTH_HOME/storage-pins}, and that path is what the engine mounts. A
 * pod swapping a sub_path component for a link after Berth looked cannot change what the pin holds.
 * The pins are removed once the container has started (it keeps its own mount). Without root, the
 * directory's path is given instead, which leaves a short window between the check and the engine's
 * mount; that is logged once.
 */
final class MountPins implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MountPins.class);
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private static volatile boolean warned;

  private final Path dir;
  private final List<Path> pins = new ArrayList<>();

  private MountPins(Path dir) {
    this.dir = dir;
  }

  /** Pins for one container start, under {@code root}. */
  static MountPins under(Path root, String container) {
    return new MountPins(root.resolve(container + "-" + UUID.randomUUID()));
  }

  /** The path the engine should mount for {@code target}, reached at {@code path}. */
  Path pin(Dir target, Path path) {
    if (!ROOT || Commands.locate("mount").isEmpty()) {
      if (!warned) {
        warned = true;
        log.warn(
            "sub_path mounts are checked for links but not pinned (Berth is not root): a pod"
                + " racing the check could still redirect one");
      }
      return path;
    }
    try {
      Path pin = dir.resolve(Integer.toString(pins.size()));
      Files.createDirectories(pin);
      pins.add(pin);
      Commands.run(
          List.of(
              Commands.locate("mount").orElseThrow(),
              "--no-canonicalize",
              "--bind",
              target.procForChildren().toString(),
              pin.toString()));
      if (!sameObject(pin, target.proc())) {
        throw new IllegalStateException("the pinned sub_path is not the directory found");
      }
      return pin;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean sameObject(Path a, Path b) throws IOException {
    return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"))
        && Files.getAttribute(a, "unix:ino").equals(Files.getAttribute(b, "unix:ino"));
  }

  @Override
  public void close() {
    for (Path pin : pins) {
      unmount(pin);
    }
    delete(dir);
  }

  /** Removes pins a crash left behind (they hold nothing a container still needs). */
  static void clear(Path root) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> starts = Files.list(root)) {
      for (Path start : starts.toList()) {
        try (Stream<Path> pins = Files.list(start)) {
          pins.forEach(MountPins::unmount);
        }
        delete(start);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void unmount(Path pin) {
    if (Commands.locate("umount").isPresent()) {
      Commands.attempt(List.of(Commands.locate("umount").get(), pin.toString()));
    }
  }

  /**
   * Removes empty pin directories only: one still mounted (its unmount failed) is busy and stays,
   * never emptied, since it shows a volume's files.
   */
  private static void delete(Path tree) {
    if (!Files.isDirectory(tree)) {
      return;
    }
    try (Stream<Path> all = Files.walk(tree, 1)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          log.warn("Could not remove the sub_path pin {}: {}", p, e.toString());
        }
      }
    } catch (IOException e) {
      log.warn("Could not list the sub_path pins in {}: {}", tree, e.toString());
    }
  }
}
