package io.berth.pods.reconcile;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.RuntimeFailure;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The reconciler's view of the engine: every call counted in berth_engine_errors when it fails, and
 * the calls that change containers (apply, remove) bounded to {@code engine-concurrency} at once,
 * in arrival order. Each call holds a slot only for itself, so one slow stop delays no other pod
 * beyond the slot it takes.
 */
@Component
public class MeteredRuntime {
  static final int STOPS_PER_CHANGE = 4;

  private final ContainerRuntime runtime;
  private final ReconcileMetrics metrics;
  private final Semaphore changes;

  /**
   * Stops mostly wait out grace periods, so more run at once than changes; still bounded, so they
   * cannot take every connection to the engine.
   */
  private final Semaphore stops;

  public MeteredRuntime(
      ContainerRuntime runtime, ReconcileMetrics metrics, ReconcilerProperties properties) {
    this.runtime = runtime;
    this.metrics = metrics;
    this.changes = new Semaphore(properties.engineConcurrency(), true);
    this.stops = new Semaphore(STOPS_PER_CHANGE * properties.engineConcurrency(), true);
  }

  public ObservedPod apply(PodSpec spec) {
    return bounded(changes, "apply", () -> runtime.apply(spec));
  }

  public Optional<ObservedPod> observe(PodKey key) {
    return call("observe", () -> runtime.observe(key));
  }

  public List<ObservedPod> observeAll() {
    return call("observe_all", runtime::observeAll);
  }

  /**
   * Stops the container (waiting out its grace period takes no turn from other pods' changes), then
   * removes it within the bound on changes.
   */
  public void remove(PodKey key) {
    bounded(
        stops,
        "stop",
        () -> {
          runtime.stop(key);
          return null;
        });
    bounded(
        changes,
        "remove",
        () -> {
          runtime.remove(key);
          return null;
        });
  }

  public Optional<Boolean> engineReadiness(PodKey key) {
    return call("readiness", () -> runtime.engineReadiness(key));
  }

  /** Reads a container's new output; the bytes the engine sent are counted. */
  public OutputChunk readOutput(ObservedPod container, OutputCursor from) {
    OutputChunk chunk = call("read_output", () -> runtime.readOutput(container, from));
    metrics.outputRead(chunk.received());
    return chunk;
  }

  /** Follows a container's output; the bytes the engine sends are counted. */
  public OutputFollower followOutput(ObservedPod container, OutputCursor from, OutputSink sink) {
    OutputSink counted =
        new OutputSink() {
          @Override
          public void output(OutputChunk chunk) {
            metrics.outputRead(chunk.received());
            sink.output(chunk);
          }

          @Override
          public void ended(Throwable failure) {
            sink.ended(failure);
          }
        };
    return call("follow_output", () -> runtime.followOutput(container, from, counted));
  }

  private <T> T bounded(Semaphore bound, String operation, Supplier<T> action) {
    try {
      bound.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineUnavailableException("interrupted while waiting for the engine");
    }
    try {
      return call(operation, action);
    } finally {
      bound.release();
    }
  }

  private <T> T call(String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (EngineUnavailableException | RuntimeFailure e) {
      metrics.engineError(operation);
      throw e;
    }
  }
}
