package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which traffic wakes a pod, waits for it, or is refused, by the pod's status and rule. */
class WakeTest {
  static Route route(String status, Wake.Rule rule) {
    return Route.builder("web.pods.localhost", "default", "web", "default")
        .status(status)
        .target("AVAILABLE".equals(status) ? "127.0.0.1:5000" : null)
        .wakeRule(rule)
        .build();
  }

  @Test
  void theRuleComesFromWakeOnConnectTheStopReasonAndTheIdleTimeout() {
    assertThat(Wake.Rule.of(true, null, -1)).isEqualTo(Wake.Rule.WAKES);
    assertThat(Wake.Rule.of(false, "idle", 3)).isEqualTo(Wake.Rule.WAKES);
    assertThat(Wake.Rule.of(false, "time_to_stop", 3)).isEqualTo(Wake.Rule.HOLDS);
    assertThat(Wake.Rule.of(false, null, 3)).isEqualTo(Wake.Rule.HOLDS);
    assertThat(Wake.Rule.of(false, null, -1)).isEqualTo(Wake.Rule.NONE);
    assertThat(Wake.Rule.of(false, "time_to_stop", -1)).isEqualTo(Wake.Rule.NONE);
  }

  @Test
  void anAvailablePodPassesWhateverItsRule() {
    for (Wake.Rule rule : Wake.Rule.values()) {
      assertThat(Wake.of(route("AVAILABLE", rule))).isEqualTo(Wake.PASS);
    }
  }

  @Test
  void aStoppedPodWakesOnlyWhenItsRuleSaysSo() {
    assertThat(Wake.of(route("STOPPED", Wake.Rule.WAKES))).isEqualTo(Wake.WAKE);
    assertThat(Wake.of(route("COMPLETE", Wake.Rule.WAKES))).isEqualTo(Wake.WAKE);
    // stopped by its owner or by time_to_stop: it stays down, as before
    assertThat(Wake.of(route("STOPPED", Wake.Rule.HOLDS))).isEqualTo(Wake.REFUSE);
    assertThat(Wake.of(route("STOPPED", Wake.Rule.NONE))).isEqualTo(Wake.REFUSE);
  }

  @Test
  void aStartingPodThatSleepsHoldsTrafficAndOneThatDoesNotRefusesIt() {
    for (String status : List.of("REQUESTED", "SPAWNER SETUP", "CREATING")) {
      // woken again (a no-op when it is ON): it may still be OFF, just made
      assertThat(Wake.of(route(status, Wake.Rule.WAKES))).isEqualTo(Wake.WAKE);
      assertThat(Wake.of(route(status, Wake.Rule.HOLDS))).isEqualTo(Wake.HOLD);
      assertThat(Wake.of(route(status, Wake.Rule.NONE))).isEqualTo(Wake.REFUSE);
    }
  }

  @Test
  void aFailedOrDeletedPodNeverWakes() {
    assertThat(Wake.of(route("ERROR", Wake.Rule.WAKES))).isEqualTo(Wake.REFUSE);
    assertThat(Wake.of(route("DELETING", Wake.Rule.WAKES))).isEqualTo(Wake.REFUSE);
  }
}
