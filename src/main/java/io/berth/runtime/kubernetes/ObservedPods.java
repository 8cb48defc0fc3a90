package io.berth.runtime.kubernetes;

import io.berth.runtime.ContainerState;
import io.berth.runtime.Endpoint;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Pod (and its Service) as the port's {@link ObservedPod}, as a pure function. A pod that
 * is still being scheduled or pulled is UNKNOWN (the reconciler waits); reasons that will not pass
 * by themselves (image pull failures, CrashLoopBackOff, OOMKilled, Unschedulable, eviction) are
 * EXITED with the reason in {@code error}, which the reconciler turns into ERROR.
 */
public final class ObservedPods {
  /** Waiting reasons that mean the container will not start as it is. */
  static final Set<String> IMAGE_FAILURES =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  static final Set<String> START_FAILURES =
      Set.of(
          "CrashLoopBackOff",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  private ObservedPods() {}

  /** The pod's key from its annotations; empty for objects Berth did not make. */
  public static Optional<PodKey> key(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations == null
        || annotations.get(ObjectNames.TENANT) == null
        || annotations.get(ObjectNames.POD) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new PodKey(annotations.get(ObjectNames.TENANT), annotations.get(ObjectNames.POD)));
  }

  /** Being deleted: gone as far as Berth is concerned, though the kubelet may still stop it. */
  public static boolean terminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  public static ObservedPod observed(PodKey key, Pod pod, Service service) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    ContainerStatus main = mainContainer(status);
    Verdict verdict = verdict(status, main);
    ContainerStateTerminated terminated =
        main != null && main.getState() != null ? main.getState().getTerminated() : null;
    Instant startedAt = null;
    if (main != null && main.getState() != null && main.getState().getRunning() != null) {
      startedAt = time(main.getState().getRunning().getStartedAt());
    } else if (terminated != null) {
      startedAt = time(terminated.getStartedAt());
    }
    if (startedAt == null) {
      startedAt = time(status.getStartTime());
    }
    return new ObservedPod(
        key,
        generation(pod),
        pod.getMetadata().getUid(),
        verdict.state(),
        terminated == null ? null : terminated.getExitCode(),
        terminated != null && "OOMKilled".equals(terminated.getReason()),
        verdict.error(),
        startedAt,
        terminated == null ? null : time(terminated.getFinishedAt()),
        endpoints(service),
        List.of());
  }

  /** The image could not be pulled: the message names the image and Kubernetes' reason. */
  public static Optional<String> imageFailure(Pod pod) {
    PodStatus status = pod.getStatus();
    ContainerStatus main = status == null ? null : mainContainer(status);
    ContainerStateWaiting waiting = waiting(main);
    if (waiting != null && IMAGE_FAILURES.contains(waiting.getReason())) {
      String image = pod.getSpec().getContainers().get(0).getImage();
      return Optional.of(
          "image "
              + image
              + " could not be pulled: "
              + waiting.getReason()
              + describe(waiting.getMessage()));
    }
    return Optional.empty();
  }

  /** The Pod's Ready condition: its container runs and the kubelet's readiness probe passes. */
  public static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && conditions(pod.getStatus()).stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Whether Kubernetes has said anything about the container yet beyond "starting". */
  public static boolean decided(Pod pod) {
    ObservedPod seen = observed(new PodKey("", ""), pod, null);
    return seen.state() != ContainerState.UNKNOWN || seen.error() != null;
  }

  private record Verdict(ContainerState state, String error) {}

  private static Verdict verdict(PodStatus status, ContainerStatus main) {
    String phase = status.getPhase() == null ? "Pending" : status.getPhase();
    ContainerStateWaiting waiting = waiting(main);
    if (waiting != null
        && (IMAGE_FAILURES.contains(waiting.getReason())
            || START_FAILURES.contains(waiting.getReason()))) {
      return new Verdict(
          ContainerState.EXITED, waiting.getReason() + describe(waiting.getMessage()));
    }
    if (main != null && main.getState() != null) {
      ContainerStateTerminated terminated = main.getState().getTerminated();
      if (terminated != null) {
        String reason = terminated.getReason();
        boolean plain = reason == null || "Completed".equals(reason) || "Error".equals(reason);
        return new Verdict(
            ContainerState.EXITED, plain ? null : reason + describe(terminated.getMessage()));
      }
      if (main.getState().getRunning() != null) {
        return new Verdict(ContainerState.RUNNING, null);
      }
    }
    if ("Failed".equals(phase)) {
      String reason = status.getReason() == null ? "Failed" : status.getReason();
      return new Verdict(ContainerState.EXITED, reason + describe(status.getMessage()));
    }
    if ("Succeeded".equals(phase)) {
      return new Verdict(ContainerState.EXITED, null);
    }
    Optional<PodCondition> unschedulable =
        conditions(status).stream()
            .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
            .filter(c -> "Unschedulable".equals(c.getReason()))
            .findFirst();
    if (unschedulable.isPresent()) {
      return new Verdict(
          ContainerState.EXITED, "Unschedulable" + describe(unschedulable.get().getMessage()));
    }
    return new Verdict(ContainerState.UNKNOWN, null);
  }

  private static ContainerStatus mainContainer(PodStatus status) {
    List<ContainerStatus> statuses = status.getContainerStatuses();
    if (statuses == null) {
      return null;
    }
    return statuses.stream()
        .filter(s -> PodManifests.CONTAINER.equals(s.getName()))
        .findFirst()
        .orElse(statuses.isEmpty() ? null : statuses.get(0));
  }

  private static ContainerStateWaiting waiting(ContainerStatus main) {
    return main == null || main.getState() == null ? null : main.getState().getWaiting();
  }

  private static List<PodCondition> conditions(PodStatus status) {
    return status.getConditions() == null ? List.of() : status.getConditions();
  }

  private static Map<Integer, Endpoint> endpoints(Service service) {
    if (service == null || service.getSpec() == null) {
      return Map.of();
    }
    String ip = service.getSpec().getClusterIP();
    if (ip == null || ip.isBlank() || "None".equals(ip)) {
      return Map.of();
    }
    Map<Integer, Endpoint> endpoints = new HashMap<>();
    for (ServicePort port : service.getSpec().getPorts()) {
      int target =
          port.getTargetPort() != null && port.getTargetPort().getIntVal() != null
              ? port.getTargetPort().getIntVal()
              : port.getPort();
      endpoints.put(target, new Endpoint(ip, port.getPort()));
    }
    return Map.copyOf(endpoints);
  }

  static long generation(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    try {
      return labels == null
          ? -1
          : Long.parseLong(labels.getOrDefault(ObjectNames.GENERATION, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String describe(String message) {
    return message == null || message.isBlank() ? "" : ": " + message.strip();
  }

  private static Instant time(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
