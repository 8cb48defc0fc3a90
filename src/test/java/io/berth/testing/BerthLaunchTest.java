package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed, cached and training starts differ only in their own options and jar. */
class BerthLaunchTest {

  @Test
  void everyStartHasTheSharedFlagsBeforeItsOwnOptionsAndTheJar() {
    List<String> expected = new ArrayList<>(List.of("java"));
    expected.addAll(BerthLaunch.JVM_FLAGS);
    expected.addAll(List.of("-XX:AOTCache=c.aot", "-jar", "x/berth.jar"));

    assertThat(BerthLaunch.start("java", Path.of("x/berth.jar"), "-XX:AOTCache=c.aot"))
        .isEqualTo(expected);
    assertThat(BerthLaunch.start("java", Path.of("b.jar")))
        .endsWith("-XX:+UseSerialGC", "-jar", "b.jar");
  }
}
