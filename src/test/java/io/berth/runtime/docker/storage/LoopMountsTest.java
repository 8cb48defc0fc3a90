package io.berth.runtime.docker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loop device is held while a mount in any process's namespace names its device number. */
class LoopMountsTest {
  static final String LISTING = "/dev/loop3: [2049]:1234 (/home/storage/v1.img)";
  static final String HOST_MOUNTS =
      "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
          + "40 22 0:21 / /proc rw shared:12 - proc proc rw\n";

  @TempDir Path root;
  Path proc;
  LoopMounts loops;

  @BeforeEach
  void host() throws IOException {
    proc = Files.createDirectories(root.resolve("proc"));
    Path sys = root.resolve("sys");
    Files.createDirectories(sys.resolve("block/loop3"));
    Files.writeString(sys.resolve("block/loop3/dev"), "7:3\n");
    Files.createDirectories(proc.resolve("self"));
    process(1, "mnt:[4026531841]", HOST_MOUNTS);
    loops = new LoopMounts(proc, sys);
  }

  void process(int pid, String namespace, String mountinfo) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.createDirectories(dir.resolve("ns"));
    Files.createSymbolicLink(dir.resolve("ns/mnt"), Path.of(namespace));
    Files.writeString(dir.resolve("mountinfo"), mountinfo);
  }

  @Test
  void aDeviceNoMountNamesIsOnlyWaitingForTheKernel() {
    assertThat(loops.held(LISTING)).isFalse();
  }

  @Test
  void aContainersMountInItsOwnNamespaceHoldsIt() throws IOException {
    process(812, "mnt:[4026532300]", "310 300 7:3 / /data rw,relatime - ext4 /dev/loop3 rw\n");
    assertThat(loops.held(LISTING)).isTrue();
  }

  @Test
  void aDeviceGoneMeanwhileIsNotHeld() {
    assertThat(loops.held("/dev/loop9: [2049]:1 (/home/storage/v2.img)")).isFalse();
    assertThat(loops.held("")).isFalse();
  }
}
