package io.berth.runtime.docker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each home's storage has an id of its own, the same for every process on that home. */
class HomeScopeTest {
  @TempDir Path homes;

  @Test
  void aHomeKeepsItsIdAndTwoHomesDiffer() throws Exception {
    Path a = Files.createDirectories(homes.resolve("a"));
    Path b = Files.createDirectories(homes.resolve("b"));

    String first = HomeScope.of(a);

    assertThat(first).matches("home-[0-9a-f]{32}");
    assertThat(HomeScope.of(a)).isEqualTo(first);
    assertThat(HomeScope.of(b)).isNotEqualTo(first);
    try (var left = Files.list(a)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(HomeScope.FILE);
    }
  }

  @Test
  void aHomeThatCannotKeepAnIdIsToldApartByItsPath() throws Exception {
    Path missing = homes.resolve("gone");

    assertThat(HomeScope.of(missing))
        .startsWith("path-")
        .hasSizeLessThanOrEqualTo(64)
        .isEqualTo(HomeScope.of(missing))
        .isNotEqualTo(HomeScope.of(homes.resolve("other")));
  }
}
