package io.berth.runtime;

import java.util.List;
import java.util.Optional;

public interface ContainerRuntime {
  ObservedPod apply(PodSpec spec);

  Optional<ObservedPod> observe(PodKey key);

  List<ObservedPod> observeAll();

  void remove(PodKey key);

  String tail(PodKey key, int maxBytes);

  String name();

  /**
   * Whether the engine itself judges the pod ready, from the {@link PodSpec#readiness()} it was
   * given (Kubernetes: the Pod's Ready condition, set by the kubelet's probe, which works where
   * Berth cannot route to the pod). Empty when Berth must probe the endpoint itself.
   */
  default Optional<Boolean> engineReadiness(PodKey key) {
    return Optional.empty();
  }
}
