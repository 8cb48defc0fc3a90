package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingWakeTest {
  static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void aPodHasOneTimerNotOnePerPass() {
    PendingWake wake = new PendingWake();
    assertThat(wake.at(T.plusSeconds(10), T)).isEqualTo(Duration.ofSeconds(10));
    assertThat(wake.at(T.plusSeconds(10), T.plusSeconds(3))).as("the next pass").isNull();
    assertThat(wake.at(T.plusSeconds(20), T.plusSeconds(6)))
        .as("moved later by traffic: the pending round comes first and asks again")
        .isNull();
    assertThat(wake.at(T.plusSeconds(8), T.plusSeconds(6)))
        .as("moved earlier (a shorter time_to_stop)")
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(wake.at(T.plusSeconds(30), T.plusSeconds(8)))
        .as("the pending one came")
        .isEqualTo(Duration.ofSeconds(22));
  }
}
