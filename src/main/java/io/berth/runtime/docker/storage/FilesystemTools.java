package io.berth.runtime.docker.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host's tools behind a filesystem per storage (e2fsprogs, util-linux' loop devices and
 * mounts), located once at start; {@link #unavailable} says why they cannot be used here.
 */
final class FilesystemTools {
  private static final List<String> TOOLS =
      List.of("mkfs.ext4", "e2fsck", "resize2fs", "losetup", "mount", "umount");

  private final Map<String, String> paths = new ConcurrentHashMap<>();
  private final String unavailable;
  private final LoopMounts loops = LoopMounts.ofHost();

  FilesystemTools(boolean enabled) {
    this.unavailable = enabled ? missing() : "turned off (berth.volumes.filesystems=false)";
  }

  private String missing() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "Berth does not run as root (mounting needs it)";
    }
    if (!Files.exists(Path.of("/dev/loop-control"))) {
      return "this machine has no loop devices (/dev/loop-control)";
    }
    for (String tool : TOOLS) {
      var found = Commands.locate(tool);
      if (found.isEmpty()) {
        return tool + " is not installed (util-linux, e2fsprogs)";
      }
      paths.put(tool, found.get());
    }
    return null;
  }

  /** Why the tools cannot be used here, or null when they can. */
  String unavailable() {
    return unavailable;
  }

  /** Runs the tool; a non-zero exit throws. */
  void run(String tool, String... args) {
    Commands.run(command(tool, args));
  }

  /** Runs the tool and answers its exit code. */
  int attempt(String tool, String... args) {
    return Commands.attempt(command(tool, args)).exitCode();
  }

  /** The loop devices attached to the image, as losetup lists them (empty: none). */
  String attached(Path image) {
    return Commands.run(command("losetup", "-j", image.toString()));
  }

  /**
   * Whether the image's loop devices went away after its unmount: within 5 s while a mount (a
   * container's) still holds one, within 60 s while none does and only the kernel's asynchronous
   * clearing is left (it took over 5 s on a busy host, and the resize waited for a later start).
   */
  boolean detached(Path image) {
    long start = System.nanoTime();
    while (true) {
      String listing = attached(image);
      if (listing.isBlank()) {
        return true;
      }
      long waited = (System.nanoTime() - start) / 1_000_000;
      if (waited >= 60_000 || (waited >= 5_000 && loops.held(listing))) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private List<String> command(String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(paths.getOrDefault(tool, tool));
    command.addAll(List.of(args));
    return command;
  }
}
