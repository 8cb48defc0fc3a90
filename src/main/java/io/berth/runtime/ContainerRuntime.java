package io.berth.runtime;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

public interface ContainerRuntime {
  ObservedPod apply(PodSpec spec);

  Optional<ObservedPod> observe(PodKey key);

  List<ObservedPod> observeAll();

  void remove(PodKey key);

  /**
   * Stops this pod's container, waiting up to the stop timeout for it to exit; {@link #remove} then
   * takes it away. Mostly waiting on the container, so callers need not bound it as they bound
   * changes: one pod's grace period holds up no other. Engines that stop as they remove do nothing.
   */
  default void stop(PodKey key) {}

  /**
   * The output of this container after {@code from} ({@link OutputCursor#START}: from its first
   * byte) up to now, and the cursor after it: asked again with that cursor, the engine sends only
   * what is new (and at most its last second again), never the whole output.
   */
  OutputChunk readOutput(ObservedPod container, OutputCursor from);

  /**
   * Follows the output of this container after {@code from} as the engine produces it, until the
   * container stops or is removed or the returned follower is closed. Returns at once; the sink is
   * called from another thread, and ended at once when the container is already gone. Costs the
   * engine a stream (Podman: and a watch of its events) for as long as it runs: for talkative pods.
   */
  OutputFollower followOutput(ObservedPod container, OutputCursor from, OutputSink sink);

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

  /**
   * Asks the engine to tell when the job's container stops running: {@code onExit} runs once it has
   * (or is gone), {@code onFailure} when the wait itself failed (the engine went away, say). Either
   * runs on an engine thread and must be quick. Returns false where the engine offers no such wait:
   * the caller then polls.
   */
  default boolean watchJobExit(JobKey key, Runnable onExit, Runnable onFailure) {
    return false;
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

  /**
   * Runs {@code command} (no shell unless it names one) in the pod's running container and waits up
   * to {@code timeout} for it to end; each stream is kept up to {@code maxOutputBytes}, the rest
   * read and dropped. A command still running at its timeout is reported as such and left to the
   * container (neither engine's exec API can end it). Throws {@link ContainerNotRunningException}
   * when the pod has no running container.
   */
  default ExecResult exec(PodKey key, List<String> command, Duration timeout, int maxOutputBytes) {
    throw new RuntimeFailure(name() + " does not run commands in pods");
  }

  /**
   * Writes {@code size} bytes of {@code content} as the file {@code path} (absolute) in the pod's
   * running container, making missing parent directories and replacing a file there. The path is
   * resolved by the engine inside the container's filesystem, never on the host. Throws {@link
   * ContainerNotRunningException} or {@link ContainerPathException}.
   */
  default void upload(PodKey key, String path, InputStream content, long size) {
    throw new RuntimeFailure(name() + " does not copy files into pods");
  }
}
