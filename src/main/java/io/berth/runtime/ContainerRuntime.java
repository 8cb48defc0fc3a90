package io.berth.runtime;

import java.util.List;
import java.util.Optional;

public interface ContainerRuntime {
  ObservedPod apply(PodSpec spec);

  Optional<ObservedPod> observe(PodKey key);

  List<ObservedPod> observeAll();

  void remove(PodKey key);

  /**
   * Follows the output of this container from its first byte until the container stops or is
   * removed, or the returned follower is closed: each byte is read from the engine once, however
   * long the container runs. Returns at once; the sink is called from another thread, and ended at
   * once when the container is already gone.
   */
  OutputFollower followOutput(ObservedPod container, OutputSink sink);

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
