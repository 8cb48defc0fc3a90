package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pods.Pod;
import io.berth.pods.PodObserved;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.testing.PodDefinitions;
import io.berth.testing.StoredPods;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route's status as the proxy acts on it. */
class PodRoutesTest {
  static Pod pod(StatusRequested requested, PodStatus status, String stopReason) {
    return StoredPods.pod(
        PodDefinitions.plain(),
        requested,
        new PodObserved(status, StoredPods.container(Map.of()), null, null, null, stopReason, null),
        Instant.EPOCH);
  }

  @Test
  void anAvailablePodBerthWasAskedToStopIsNoLongerRoutedTo() {
    // the idle stop is decided: its container may be gone any moment, and after it is, the
    // routes read STOPPED only at the next refresh; traffic in between wakes it, not a 502
    Pod stopping = pod(StatusRequested.OFF, PodStatus.AVAILABLE, "idle");
    assertThat(PodRoutes.status(stopping)).isEqualTo(Wake.STOPPING);
    assertThat(Wake.of(WakeTest.route(PodRoutes.status(stopping), Wake.Rule.WAKES)))
        .isEqualTo(Wake.WAKE);
    assertThat(Wake.of(WakeTest.route(PodRoutes.status(stopping), Wake.Rule.NONE)))
        .isEqualTo(Wake.REFUSE);
  }

  @Test
  void otherPodsKeepTheirStatus() {
    assertThat(PodRoutes.status(pod(StatusRequested.ON, PodStatus.AVAILABLE, null)))
        .isEqualTo("AVAILABLE");
    assertThat(PodRoutes.status(pod(StatusRequested.OFF, PodStatus.STOPPED, "idle")))
        .isEqualTo("STOPPED");
    assertThat(PodRoutes.status(pod(StatusRequested.RESTART, PodStatus.AVAILABLE, null)))
        .isEqualTo("AVAILABLE");
  }
}
