package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PassPacingTest {
  static final long MS = 1_000_000;

  @Test
  void theFirstPassIsDueAndAQuickListingKeepsTheInterval() {
    PassPacing pacing = new PassPacing();
    assertThat(pacing.due(Long.MIN_VALUE + 5)).isTrue();
    pacing.passed(0, 20 * MS); // 20 pods: listed in 20 ms
    assertThat(pacing.due(3_000 * MS)).isTrue(); // the next tick of a 3 s interval
  }

  @Test
  void aSlowListingSpacesThePassesToTenTimesItsLength() {
    PassPacing pacing = new PassPacing();
    pacing.passed(1_000 * MS, 1_500 * MS); // a thousand containers: 1.5 s
    assertThat(pacing.due(4_000 * MS)).isFalse();
    assertThat(pacing.due(13_000 * MS)).isFalse();
    assertThat(pacing.due(16_000 * MS)).isTrue();
  }

  @Test
  void nanoTimeWrappingDoesNotStopThePasses() {
    PassPacing pacing = new PassPacing();
    pacing.passed(Long.MAX_VALUE - 100 * MS, 20 * MS);
    assertThat(pacing.due(Long.MIN_VALUE + 200 * MS)).isTrue();
  }
}
