package io.berth.runtime.docker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Making a volume's filesystem: the image size that fitted a limit is remembered, so the next
 * volume of that limit is made at once at its size, not made and then resized offline (a job's
 * output volume is made at every job).
 */
class VolumeFilesystemsTest {
  static final long MIB = 1024L * 1024L;
  @TempDir Path home;
  StorageLayout layout;
  VolumeFilesystems filesystems;

  @AfterEach
  void unmount() {
    if (filesystems != null) {
      filesystems.remove("vol-t-first");
      filesystems.remove("vol-t-second");
    }
  }

  @Test
  void theSecondFilesystemOfALimitIsMadeAtItsSizeWithoutAnOfflineResize() throws Exception {
    layout = new StorageLayout(home);
    layout.start();
    filesystems = new VolumeFilesystems(layout, true);
    assumeTrue(filesystems.available(), "a filesystem per volume needs root and loop devices");

    filesystems.create("vol-t-first", 16 * MIB);
    int resizes = filesystems.offlineResizes();
    filesystems.create("vol-t-second", 16 * MIB);

    assertThat(filesystems.offlineResizes()).as("no resize for the second").isEqualTo(resizes);
    long total = Files.getFileStore(layout.top("vol-t-second")).getTotalSpace();
    assertThat(total).as("it holds the limit, and little more").isBetween(16 * MIB, 17 * MIB);
  }
}
