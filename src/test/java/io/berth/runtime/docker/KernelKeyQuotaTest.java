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
    String warning = KernelKeyQuota.read(maxKeys).warning();
    assertThat(warning)
        .contains("kernel.keys.maxkeys is 200")
        .contains("at most about 200 pods")
        .contains("sysctl -w kernel.keys.maxkeys=1000000");
  }

  @Test
  void aRaisedQuotaOrAnUnreadableOneSaysNothing(@TempDir Path dir) throws Exception {
    assertThat(KernelKeyQuota.read(Files.writeString(dir.resolve("maxkeys"), "1000000")).warning())
        .isNull();
    assertThat(KernelKeyQuota.read(dir.resolve("missing"))).isNull();
    assertThat(KernelKeyQuota.read(Files.writeString(dir.resolve("odd"), "many"))).isNull();
  }
}
