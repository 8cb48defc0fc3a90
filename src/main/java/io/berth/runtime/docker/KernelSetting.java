package io.berth.runtime.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kernel setting under {@code /proc/sys}, read in one read. The kernel answers a read that does
 * not start at the file's beginning with its end, and {@code Files.readString} reads one byte first
 * when the size is 0, as it is there: it saw "1" of kernel.keys.maxkeys' "1000000", and Berth
 * warned of a quota of 1 on a host that had raised it.
 */
record KernelSetting(Path file) {
  static KernelSetting of(String name) {
    return new KernelSetting(Path.of("/proc/sys", name.split("\\.")));
  }

  /** The value, without its newline. */
  String read() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
    }
  }
}
