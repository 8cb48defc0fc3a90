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

  /** Whether the image's loop device went away within 5 s of the unmount (unless still in use). */
  boolean detached(Path image) {
    // the kernel detaches an auto-clearing loop device asynchronously: slow on a busy host
    for (int i = 0; i < 100; i++) {
      if (attached(image).isEmpty()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private List<String> command(String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(paths.getOrDefault(tool, tool));
    command.addAll(List.of(args));
    return command;
  }
}
