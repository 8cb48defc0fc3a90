package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelKeyQuotaTest {
  @Test
  void theDefaultQuotaIsNamedWithWhatItCapsAndHowToRaiseIt(@TempDir Path dir) throws Exception {
    Path maxKeys = Files.writeString(dir.resolve("maxkeys"), "200\n");
    String warning = KernelKeyQuota.read(new KernelSetting(maxKeys)).warning();
    assertThat(warning)
        .contains("kernel.keys.maxkeys is 200")
        .contains("at most about 200 pods")
        .contains("sysctl -w kernel.keys.maxkeys=1000000");
  }

  @Test
  void aRaisedQuotaOrAnUnreadableOneSaysNothing(@TempDir Path dir) throws Exception {
    assertThat(
            KernelKeyQuota.read(
                    new KernelSetting(Files.writeString(dir.resolve("maxkeys"), "1000000")))
                .warning())
        .isNull();
    assertThat(KernelKeyQuota.read(new KernelSetting(dir.resolve("missing")))).isNull();
    assertThat(
            KernelKeyQuota.read(new KernelSetting(Files.writeString(dir.resolve("odd"), "many"))))
        .isNull();
  }

  @Test
  void theHostsOwnSettingIsReadWhole() throws Exception {
    // /proc/sys answers a read past the start with the end: a reader that took one byte first saw
    // "1" of "1000000" (and Berth warned of a quota of 1 on a host that had raised it)
    KernelSetting pidMax = KernelSetting.of("kernel.pid_max");
    Process cat = new ProcessBuilder("cat", pidMax.file().toString()).start();
    String expected = new String(cat.getInputStream().readAllBytes()).strip();
    assertThat(expected).hasSizeGreaterThan(1);
    assertThat(pidMax.read()).isEqualTo(expected);
  }
}
