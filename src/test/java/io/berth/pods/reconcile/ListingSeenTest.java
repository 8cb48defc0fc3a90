package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pods.reconcile.Reconciler.Seen;
import io.berth.runtime.ObservedPod;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A full pass lists containers, then queues each pod with what it saw. A pod whose own round
 * created, started and marked it AVAILABLE while the pass was listing was seen without a container;
 * taking that listing as current made the planner say "the container disappeared" and put a healthy
 * pod in ERROR right after AVAILABLE (seen in the tapipy flow and in IdleStopIT).
 */
class ListingSeenTest {
  private static final Optional<ObservedPod> ABSENT = Optional.empty();

  @Test
  void aRoundWithoutAListingAsksTheEngine() {
    assertThat(Seen.usable(null, null)).isNull();
    assertThat(Seen.usable(null, 5L)).isNull();
  }

  @Test
  void aListingIsUsedWhenNoRoundOfThePodEndedSinceItBegan() {
    Seen listed = new Seen(ABSENT, 1_000L);
    assertThat(Seen.usable(listed, null)).isSameAs(ABSENT);
    assertThat(Seen.usable(listed, 999L)).isSameAs(ABSENT);
  }

  @Test
  void aListingOlderThanThePodsLastRoundIsNotTrusted() {
    Seen listed = new Seen(ABSENT, 1_000L);
    assertThat(Seen.usable(listed, 1_001L)).isNull();
  }

  @Test
  void nanoTimeWrapsAroundWithoutChangingTheAnswer() {
    Seen listed = new Seen(ABSENT, Long.MAX_VALUE - 10);
    assertThat(Seen.usable(listed, Long.MIN_VALUE + 10)).isNull();
    assertThat(Seen.usable(listed, Long.MAX_VALUE - 20)).isSameAs(ABSENT);
  }
}
