package io.berth.templates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImagePatternTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
    "docker.io/library/postgres:*, docker.io/library/postgres:16, true",
    "docker.io/library/postgres:*, docker.io/library/postgres:, true",
    "docker.io/library/postgres:*, docker.io/library/postgresql:16, false",
    "localhost/berth-test/*, localhost/berth-test/httpd:1, true",
    "localhost/berth-test/*, localhost/berth-tests/httpd:1, false",
    "*, anything/at:all, true",
    "ghcr.io/*/notebook:?, ghcr.io/org/notebook:7, true",
    "ghcr.io/*/notebook:?, ghcr.io/org/notebook:17, false",
    "a*b*c, abc, true",
    "a*b*c, aXbYc, true",
    "a*b*c, aXbYcZ, false",
    "a*b*c, acb, false",
    "*a*, bab, true",
    "**, '', true",
    "a?, a, false",
    "exact:1, exact:1, true",
    "exact:1, exact:10, false",
  })
  void matchesLikeAGlob(String glob, String image, boolean expected) {
    assertThat(ImagePattern.of(glob).matches(image)).isEqualTo(expected);
  }

  /** Issue 14 item 16: this pattern took 41 s of CPU on a 50-character image as a regex. */
  @Test
  void pathologicalPatternStaysWithinLengthTimesGlobSteps() {
    ImagePattern pattern = ImagePattern.of("localhost/r*a*a*a*a*a*a*a*a*b");
    for (int length : new int[] {50, 500, 5_000}) {
      String image = "localhost/r" + "a".repeat(length);
      ImagePattern.Walk walk = pattern.walk(image);
      assertThat(walk.matched()).isFalse();
      long bound = (long) (image.length() + 1) * (pattern.glob().length() + 1);
      assertThat(walk.steps()).isLessThanOrEqualTo(bound);
    }
    assertThat(pattern.matches("localhost/r" + "a".repeat(5_000) + "b")).isTrue();
  }

  @Test
  void manyStarsOnALongImageAnswer() {
    ImagePattern pattern = ImagePattern.of("*a".repeat(200) + "*b");
    assertThat(pattern.matches("a".repeat(20_000))).isFalse();
  }
}
