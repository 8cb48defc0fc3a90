package io.berth.runtime.docker.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a mount of any process, in any mount namespace (a container's too), still holds one of an
 * image's loop devices. The kernel clears an auto-clearing loop device asynchronously once its last
 * mount is gone, which took over 5 s on a busy host: a device no mount holds is only waiting for
 * that, one a container mounts stays attached until the container stops.
 */
final class LoopMounts {
  private final Path proc;
  private final Path sys;

  LoopMounts(Path proc, Path sys) {
    this.proc = proc;
    this.sys = sys;
  }

  static LoopMounts ofHost() {
    return new LoopMounts(Path.of("/proc"), Path.of("/sys"));
  }

  /** {@code listing}: {@code losetup -j}'s lines ("/dev/loop3: [2049]:12 (/path/image)"). */
  boolean held(String listing) {
    Set<String> devices = new HashSet<>();
    for (String line : listing.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.startsWith("/dev/")) {
        Path dev = sys.resolve("block").resolve(Path.of(line.substring(0, colon)).getFileName());
        try {
          devices.add(Files.readString(dev.resolve("dev")).strip()); // "7:3"
        } catch (IOException e) {
          // gone meanwhile: nothing holds it
        }
      }
    }
    return !devices.isEmpty() && mountedAnywhere(devices);
  }

  private boolean mountedAnywhere(Set<String> devices) {
    Set<String> namespaces = new HashSet<>();
    List<Path> processes;
    try (Stream<Path> listed = Files.list(proc)) {
      processes =
          listed
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .toList();
    } catch (IOException e) {
      return true; // cannot tell: as if held
    }
    for (Path process : processes) {
      try {
        Path namespace = process.resolve("ns").resolve("mnt");
        // one read per mount namespace, not per process: a thousand pods share few of them
        if (Files.isSymbolicLink(namespace)
            && !namespaces.add(Files.readSymbolicLink(namespace).toString())) {
          continue;
        }
        for (String mount : Files.readAllLines(process.resolve("mountinfo"))) {
          String[] fields = mount.split(" ", 4);
          if (fields.length > 2 && devices.contains(fields[2])) {
            return true;
          }
        }
      } catch (IOException e) {
        // the process ended meanwhile
      }
    }
    return false;
  }
}
