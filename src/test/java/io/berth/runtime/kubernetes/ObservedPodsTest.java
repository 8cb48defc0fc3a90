package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.runtime.ContainerState;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

/** How Kubernetes' words become the port's: the reasons that mean ERROR, and the rest. */
class ObservedPodsTest {
  static final PodKey KEY = new PodKey("t", "p");

  static Pod waiting(String reason) {
    return withState(
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason(reason)
            .withMessage("why")
            .endWaiting()
            .build(),
        "Pending");
  }

  static Pod withState(io.fabric8.kubernetes.api.model.ContainerState state, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("ns")
        .addToLabels(ObjectNames.GENERATION, "4")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("img:1")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withContainerStatuses(
            new ContainerStatusBuilder().withName("main").withState(state).build())
        .endStatus()
        .build();
  }

  @Test
  void pullFailuresAndCrashLoopsAreExitedWithTheirReason() {
    for (String reason :
        java.util.List.of(
            "ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff", "CreateContainerConfigError")) {
      ObservedPod seen = ObservedPods.observed(KEY, waiting(reason), null);
      assertThat(seen.state()).isEqualTo(ContainerState.EXITED);
      assertThat(seen.error()).isEqualTo(reason + ": why");
    }
    assertThat(ObservedPods.imageFailure(waiting("ImagePullBackOff")))
        .hasValueSatisfying(m -> assertThat(m).contains("img:1"));
    assertThat(ObservedPods.imageFailure(waiting("CrashLoopBackOff"))).isEmpty();
  }

  @Test
  void creatingAndPullingAreStillUnknown() {
    assertThat(ObservedPods.observed(KEY, waiting("ContainerCreating"), null).state())
        .isEqualTo(ContainerState.UNKNOWN);
    assertThat(ObservedPods.decided(waiting("ContainerCreating"))).isFalse();
  }

  @Test
  void oomKilledIsFlaggedWithItsExitCode() {
    ObservedPod seen =
        ObservedPods.observed(
            KEY,
            withState(
                new ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(137)
                    .withReason("OOMKilled")
                    .endTerminated()
                    .build(),
                "Failed"),
            null);
    assertThat(seen.state()).isEqualTo(ContainerState.EXITED);
    assertThat(seen.oomKilled()).isTrue();
    assertThat(seen.exitCode()).isEqualTo(137);
    assertThat(seen.generation()).isEqualTo(4);
  }

  @Test
  void unschedulableAndEvictedAreExitedWithTheReason() {
    Pod pending = withState(null, "Pending");
    pending.getStatus().setContainerStatuses(null);
    pending
        .getStatus()
        .setConditions(
            java.util.List.of(
                new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage("no GPU")
                    .build()));
    assertThat(ObservedPods.observed(KEY, pending, null).error())
        .isEqualTo("Unschedulable: no GPU");
    Pod evicted = withState(null, "Failed");
    evicted.getStatus().setContainerStatuses(null);
    evicted.getStatus().setReason("Evicted");
    assertThat(ObservedPods.observed(KEY, evicted, null).error()).startsWith("Evicted");
  }

  @Test
  void endpointsAreTheServicesClusterIpAndReadyIsTheCondition() {
    Pod running =
        withState(
            new ContainerStateBuilder()
                .withNewRunning()
                .withStartedAt("2026-01-01T00:00:00Z")
                .endRunning()
                .build(),
            "Running");
    var service =
        new ServiceBuilder()
            .withNewSpec()
            .withClusterIP("10.96.0.7")
            .addNewPort()
            .withPort(5000)
            .withNewTargetPort(5000)
            .endPort()
            .endSpec()
            .build();
    ObservedPod seen = ObservedPods.observed(KEY, running, service);
    assertThat(seen.state()).isEqualTo(ContainerState.RUNNING);
    assertThat(seen.endpoints().get(5000).host()).isEqualTo("10.96.0.7");
    assertThat(ObservedPods.ready(running)).isFalse();
    running
        .getStatus()
        .setConditions(
            java.util.List.of(
                new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .build()));
    assertThat(ObservedPods.ready(running)).isTrue();
  }
}
