package io.berth.pods.reconcile;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.RuntimeFailure;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** The reconciler's view of the engine: every call counted in berth_engine_errors when it fails. */
@Component
public class MeteredRuntime {
  private final ContainerRuntime runtime;
  private final ReconcileMetrics metrics;

  public MeteredRuntime(ContainerRuntime runtime, ReconcileMetrics metrics) {
    this.runtime = runtime;
    this.metrics = metrics;
  }

  public ObservedPod apply(PodSpec spec) {
    return call("apply", () -> runtime.apply(spec));
  }

  public Optional<ObservedPod> observe(PodKey key) {
    return call("observe", () -> runtime.observe(key));
  }

  public List<ObservedPod> observeAll() {
    return call("observe_all", runtime::observeAll);
  }

  public void remove(PodKey key) {
    call(
        "remove",
        () -> {
          runtime.remove(key);
          return null;
        });
  }

  public Optional<Boolean> engineReadiness(PodKey key) {
    return call("readiness", () -> runtime.engineReadiness(key));
  }

  public String tail(PodKey key, int maxBytes) {
    return call("tail", () -> runtime.tail(key, maxBytes));
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
