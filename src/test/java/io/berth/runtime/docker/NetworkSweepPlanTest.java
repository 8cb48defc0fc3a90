package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.runtime.docker.NetworkSweepPlan.NetworkFacts;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkSweepPlanTest {
  static final Instant SETTLED = Instant.parse("2026-12-06T22:00:00Z");
  static final Instant OLD = SETTLED.minusSeconds(600);
  static final Instant YOUNG = SETTLED.plusSeconds(30);

  @Test
  void anOldNetworkWithoutContainerIsAnOrphanUnlessAnApplyHoldsIt() {
    // a pod whose container went with a restart: its apply adopts the old network, and the
    // sweep must not take it before the container is made (the sweep's container list is older)
    List<NetworkFacts> networks =
        List.of(
            new NetworkFacts("berth-s-t-adopted", "pod", OLD),
            new NetworkFacts("berth-s-t-left", "pod", OLD));
    assertThat(
            NetworkSweepPlan.orphans(
                networks, "pod", Set.of(), Set.of("berth-s-t-adopted"), SETTLED))
        .containsExactly("berth-s-t-left");
  }

  @Test
  void youngNetworksOnesWithAContainerAndTheOtherKindStay() {
    List<NetworkFacts> networks =
        List.of(
            new NetworkFacts("young", "pod", YOUNG),
            new NetworkFacts("used", "pod", OLD),
            new NetworkFacts("job", "job", OLD),
            new NetworkFacts("undated", "pod", null));
    assertThat(NetworkSweepPlan.orphans(networks, "pod", Set.of("used"), Set.of(), SETTLED))
        .containsExactly("undated");
    assertThat(NetworkSweepPlan.orphans(networks, "job", Set.of(), Set.of(), SETTLED))
        .containsExactly("job");
  }

  @Test
  void aSharedNetworkGoesOnceNoPodUsedItForTheGraceAndNoneIsOnIt() {
    List<NetworkFacts> networks =
        List.of(
            new NetworkFacts("idle", "pods", OLD),
            new NetworkFacts("recently-used", "pods", OLD),
            new NetworkFacts("unknown-here", "pods", OLD),
            new NetworkFacts("with-a-pod", "pods", OLD),
            new NetworkFacts("being-joined", "pods", OLD),
            new NetworkFacts("new", "pods", YOUNG),
            new NetworkFacts("own", "pod", OLD));
    java.util.Map<String, Instant> used =
        java.util.Map.of("idle", OLD, "recently-used", YOUNG, "with-a-pod", OLD);
    assertThat(
            NetworkSweepPlan.idleShared(
                networks, "pods", Set.of("with-a-pod"), Set.of("being-joined"), used::get, SETTLED))
        .containsExactly("idle", "unknown-here");
  }
}
