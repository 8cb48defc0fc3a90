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

  /**
   * Starts a job's container, or adopts the one its key already names (started or ended): a job is
   * never run twice by a repeated call. Throws {@link ImageNotFoundException} for a missing image.
   */
  default ObservedJob startJob(JobSpec spec) {
    throw new RuntimeFailure(name() + " does not run jobs");
  }

  default Optional<ObservedJob> observeJob(JobKey key) {
    throw new RuntimeFailure(name() + " does not run jobs");
  }

  /** Every job container of this site, running or ended. */
  default List<ObservedJob> observeJobs() {
    throw new RuntimeFailure(name() + " does not run jobs");
  }

  /** Stops (with the grace period) and removes a job's container; nothing when there is none. */
  default void removeJob(JobKey key) {
    throw new RuntimeFailure(name() + " does not run jobs");
  }

  /** The last {@code maxBytes} of a job's output (both streams); empty when there is none. */
  default String jobLog(JobKey key, int maxBytes) {
    throw new RuntimeFailure(name() + " does not run jobs");
  }

  /**
   * A job's standard output from its start, cut after {@code maxBytes + 1} bytes (so a caller sees
   * when it was longer). Engines that keep one stream (Kubernetes) return both, interleaved.
   */
  default byte[] jobStdout(JobKey key, int maxBytes) {
    throw new RuntimeFailure(name() + " does not run jobs");
  }
}
