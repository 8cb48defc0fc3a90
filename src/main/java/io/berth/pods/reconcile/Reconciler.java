package io.berth.pods.reconcile;

import io.berth.pods.Pod;
import io.berth.pods.PodChangeListener;
import io.berth.pods.PodRepository;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.storage.VolumeStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The level-triggered loop that makes containers match the database. A change through the API wakes
 * it for that pod at once; a periodic full pass compares every pod with everything the engine runs,
 * removes containers of deleted pods and, after a grace period, containers Berth labelled but no
 * longer knows. Each pod is worked on by at most one worker at a time.
 */
@Component
public class Reconciler implements PodChangeListener, SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  private final PodRepository pods;
  private final ObservedStateStore store;
  private final MeteredRuntime runtime;
  private final PodStep step;
  private final ReconcilerProperties properties;
  private final ReconcileMetrics metrics;
  private final VolumeStorage storage;
  private final Clock clock;
  private final Map<PodKey, KeyState> keys = new ConcurrentHashMap<>();
  private final Map<PodKey, Instant> orphansSeen = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;
  private ExecutorService workers;
  private volatile boolean running;
  private volatile Instant lastEngineWarning = Instant.EPOCH;

  public Reconciler(
      PodRepository pods,
      ObservedStateStore store,
      MeteredRuntime runtime,
      PodStep step,
      ReconcilerProperties properties,
      ReconcileMetrics metrics,
      VolumeStorage storage,
      Clock clock) {
    this.metrics = metrics;
    this.storage = storage;
    this.pods = pods;
    this.store = store;
    this.runtime = runtime;
    this.step = step;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void podChanged(String tenant, String podId) {
    request(new PodKey(tenant, podId), null);
  }

  /** Runs one full pass now, on the caller's thread; the periodic pass calls the same. */
  public void fullPass() {
    long start = System.nanoTime();
    try {
      List<Pod> all = pods.listAll();
      Map<PodKey, ObservedPod> observed = new HashMap<>();
      for (ObservedPod o : runtime.observeAll()) {
        observed.put(o.key(), o);
      }
      Set<PodKey> known = new HashSet<>();
      for (Pod pod : all) {
        PodKey key = new PodKey(pod.tenant(), pod.podId());
        known.add(key);
        request(key, Optional.ofNullable(observed.get(key)));
      }
      for (ObservedStateStore.Tombstone t : store.tombstones()) {
        PodKey key = new PodKey(t.tenant(), t.podId());
        buryContainer(t, observed.get(key), known.contains(key));
        known.add(key);
      }
      removeOrphans(observed, known);
      metrics.passCompleted(System.nanoTime() - start);
    } catch (EngineUnavailableException e) {
      metrics.error();
      warnEngine(e);
    } catch (RuntimeException e) {
      metrics.error();
      log.error("Reconcile pass failed; the next pass retries", e);
    }
  }

  private void request(PodKey key, Optional<ObservedPod> observed) {
    if (!running) {
      return;
    }
    KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
    synchronized (state) {
      if (state.busy) {
        state.again = true;
        return;
      }
      state.busy = true;
    }
    try {
      workers.execute(() -> work(key, state, observed));
    } catch (RejectedExecutionException e) {
      // stopping: without this the key would stay busy and never be reconciled after a restart
      synchronized (state) {
        state.busy = false;
      }
    }
  }

  private void work(PodKey key, KeyState state, Optional<ObservedPod> hint) {
    Optional<ObservedPod> observed = hint;
    while (true) {
      Outcome outcome = reconcile(key, observed);
      observed = null;
      if (outcome instanceof Outcome.RecheckAfter(Duration delay) && running) {
        if (delay.isZero()) {
          synchronized (state) {
            state.again = true;
          }
        } else {
          timer.schedule(() -> request(key, null), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      synchronized (state) {
        if (state.again && running) {
          state.again = false;
          continue;
        }
        state.busy = false;
        return;
      }
    }
  }

  private Outcome reconcile(PodKey key, Optional<ObservedPod> hint) {
    try {
      Optional<Pod> pod = pods.find(key.tenant(), key.podId());
      if (pod.isEmpty()) {
        buryNow(key);
        return Outcome.settled();
      }
      Optional<ObservedPod> observed = hint != null ? hint : runtime.observe(key);
      return step.run(pod.get(), observed);
    } catch (EngineUnavailableException e) {
      warnEngine(e);
      return Outcome.recheck(properties.interval());
    } catch (RuntimeException e) {
      metrics.error();
      log.error("Reconciling pod {}/{} failed; retrying", key.tenant(), key.podId(), e);
      return Outcome.recheck(properties.interval());
    }
  }

  /** A pod deleted through the API: remove its container now rather than at the next pass. */
  private void buryNow(PodKey key) {
    for (ObservedStateStore.Tombstone t : store.tombstones()) {
      if (t.tenant().equals(key.tenant()) && t.podId().equals(key.podId())) {
        buryContainer(t, runtime.observe(key).orElse(null), false);
      }
    }
  }

  private void buryContainer(
      ObservedStateStore.Tombstone t, ObservedPod container, boolean recreated) {
    if (container != null && (!recreated || container.generation() <= t.generation())) {
      runtime.remove(container.key());
      log.info("Removed the container of deleted pod {}/{}", t.tenant(), t.podId());
    }
    if (t.deleteData()) {
      storage.deleteAll(PodSpecBuilder.dataStoragePrefix(t.tenant(), t.podId()));
      log.info("Deleted the data of pod {}/{} as asked (delete_data)", t.tenant(), t.podId());
    }
    store.forget(t);
  }

  private void removeOrphans(Map<PodKey, ObservedPod> observed, Set<PodKey> known) {
    Instant now = clock.instant();
    orphansSeen.keySet().retainAll(observed.keySet());
    for (PodKey key : observed.keySet()) {
      if (known.contains(key)) {
        orphansSeen.remove(key);
        continue;
      }
      Instant first = orphansSeen.computeIfAbsent(key, k -> now);
      if (Duration.between(first, now).compareTo(properties.orphanGrace()) >= 0) {
        runtime.remove(key);
        orphansSeen.remove(key);
        log.warn(
            "Removed container of unknown pod {}/{}: labelled as Berth's but not in the database",
            key.tenant(),
            key.podId());
      }
    }
  }

  private void warnEngine(EngineUnavailableException e) {
    Instant now = clock.instant();
    if (Duration.between(lastEngineWarning, now).toSeconds() >= 60) {
      lastEngineWarning = now;
      log.warn("Container engine unavailable, pods wait: {}", e.getMessage());
    }
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      log.info("Reconciler role is off in this process");
      return;
    }
    workers = Executors.newVirtualThreadPerTaskExecutor();
    timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "berth-reconciler");
          t.setDaemon(true);
          return t;
        });
    running = true;
    long interval = properties.interval().toMillis();
    timer.scheduleWithFixedDelay(this::fullPass, 0, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    running = false;
    if (timer != null) {
      timer.shutdownNow();
      workers.shutdown();
      try {
        workers.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Starts after the web server and database are up; stops before them. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }

  private static final class KeyState {
    boolean busy;
    boolean again;
  }
}
