package io.berth.pods.reconcile;

import io.berth.pods.Pod;
import io.berth.pods.PodChangeListener;
import io.berth.pods.PodRepository;
import io.berth.runtime.EngineOutageWarning;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.StorageNames;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.work.KeyedWorkQueue;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The level-triggered loop that makes containers match the database. A change through the API wakes
 * it for that pod at once; a periodic full pass compares every pod with everything the engine runs,
 * and has deleted pods' containers removed and, after a grace period, containers Berth labelled but
 * no longer knows. The pass itself only hands out work: each pod is worked on by its own worker, at
 * most one at a time per pod and all pods in parallel, so a slow stop holds up no other pod (the
 * engine calls they make are bounded in {@link MeteredRuntime}).
 */
@Component
public class Reconciler implements PodChangeListener, SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /** While probing a starting pod's port, the engine is asked about its container this often. */
  private static final Duration PROBE_REOBSERVE = Duration.ofSeconds(1);

  private final PodRepository pods;
  private final ObservedStateStore store;
  private final MeteredRuntime runtime;
  private final PodStep step;
  private final ReconcilerProperties properties;
  private final ReconcileMetrics metrics;
  private final VolumeStorage storage;
  private final PodOutput output;
  private final Clock clock;
  private final Map<PodKey, KeyState> keys = new ConcurrentHashMap<>();
  private final Map<PodKey, Instant> orphansSeen = new ConcurrentHashMap<>();
  private final KeyedWorkQueue<PodKey, Seen> queue =
      new KeyedWorkQueue<>("berth-reconciler", this::work);
  private final EngineOutageWarning engineOutage;
  private final PassPacing pacing = new PassPacing();

  public Reconciler(
      PodRepository pods,
      ObservedStateStore store,
      MeteredRuntime runtime,
      PodStep step,
      ReconcilerProperties properties,
      ReconcileMetrics metrics,
      VolumeStorage storage,
      PodOutput output,
      Clock clock) {
    this.output = output;
    this.metrics = metrics;
    this.storage = storage;
    this.pods = pods;
    this.store = store;
    this.runtime = runtime;
    this.step = step;
    this.properties = properties;
    this.clock = clock;
    this.engineOutage = new EngineOutageWarning(log, clock, "pods");
  }

  @Override
  public void podChanged(String tenant, String podId) {
    request(new PodKey(tenant, podId), null);
  }

  /** The periodic pass: a full pass when its pacing lets it run. */
  private void periodicPass() {
    if (pacing.due(System.nanoTime())) {
      fullPass();
    }
  }

  /** Runs one full pass now, on the caller's thread; the periodic pass calls the same. */
  public void fullPass() {
    long start = System.nanoTime();
    try {
      List<Pod> all = pods.listAll();
      Map<PodKey, ObservedPod> observed = new HashMap<>();
      long since = System.nanoTime(); // the listing may show any moment of the call from here
      for (ObservedPod o : runtime.observeAll()) {
        observed.put(o.key(), o);
      }
      pacing.passed(start, System.nanoTime() - since);
      Set<PodKey> known = new HashSet<>();
      for (Pod pod : all) {
        known.add(new PodKey(pod.tenant(), pod.podId()));
      }
      // deleted pods (and pods deleted then created again) have their old containers removed by
      // their own workers, all in parallel: one slow stop holds up no other
      for (ObservedStateStore.Tombstone t : store.tombstones()) {
        PodKey key = new PodKey(t.tenant(), t.podId());
        keys.computeIfAbsent(key, k -> new KeyState()).graves = true;
        known.add(key);
      }
      markOrphans(observed, known);
      for (PodKey key : known) {
        // a pod being worked on is left to its round, which saw it later than this listing did
        // (asked again, it would ask the engine once more per pod); the next pass comes anyway
        queue.offer(key, new Seen(Optional.ofNullable(observed.get(key)), since));
      }
      metrics.passCompleted(System.nanoTime() - start);
    } catch (EngineUnavailableException e) {
      metrics.error();
      engineOutage.warn(e);
    } catch (RuntimeException e) {
      metrics.error();
      log.error("Reconcile pass failed; the next pass retries", e);
    }
  }

  private void request(PodKey key, Seen seen) {
    queue.request(key, seen);
  }

  /** What a full pass saw of a key's container, and when it began to look (System.nanoTime()). */
  record Seen(Optional<ObservedPod> container, long since) {

    /**
     * What a round may take from the listing: null (ask the engine) when there is none or when a
     * round of the key ended after the listing began ({@code roundEnded}, nanoTime, null if none).
     */
    static Optional<ObservedPod> usable(Seen listed, Long roundEnded) {
      if (listed == null) {
        return null;
      }
      return roundEnded == null || roundEnded - listed.since() < 0 ? listed.container() : null;
    }
  }

  /** One round for a pod, on its own worker; answers when the queue is to run it again. */
  private Duration work(PodKey key, Seen listed) {
    KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
    // a round of this key that ended after the pass began to look may have created, started or
    // marked AVAILABLE what the pass saw absent or stopped: acting on that would take a healthy
    // pod for crashed (ERROR right after AVAILABLE), so the engine is asked again
    Optional<ObservedPod> usable = Seen.usable(listed, state.roundEnded);
    if (listed != null && usable == null && !state.graves && !state.orphan) {
      // a round of this pod ended after the listing began: it has nothing newer to compare, and
      // the next pass has (asking the engine now would be one more call per pod per change)
      return null;
    }
    Outcome outcome;
    try {
      outcome = reconcile(key, state, usable);
    } finally {
      state.roundEnded = System.nanoTime();
    }
    if (outcome instanceof Outcome.RecheckAfter(Duration delay)) {
      return delay;
    }
    if (outcome instanceof Outcome.SettledUntil(Instant when)) {
      return state.wake.at(when, clock.instant());
    }
    if (outcome instanceof Outcome.ProbeAgain(Duration delay, ObservedPod seen)) {
      // probing every few ms: what the engine said less than a second ago still holds (a
      // container that died meanwhile does not answer either), and the engine is spared
      state.reuse = System.nanoTime() - state.lookedAt < PROBE_REOBSERVE.toNanos() ? seen : null;
      return delay;
    }
    return null;
  }

  private Outcome reconcile(PodKey key, KeyState state, Optional<ObservedPod> hint) {
    try {
      Optional<Pod> pod = pods.find(key.tenant(), key.podId());
      boolean graves = state.graves;
      state.graves = false;
      if (pod.isEmpty() || graves) {
        if (bury(key, pod.isPresent(), hint)) {
          hint = null; // what was observed is gone
        }
      }
      if (pod.isEmpty()) {
        removeIfOrphan(key, state);
        output.forget(key);
        return Outcome.settled();
      }
      ObservedPod reuse = state.reuse;
      state.reuse = null;
      Optional<ObservedPod> observed = hint;
      if (observed == null && reuse != null) {
        observed = Optional.of(reuse);
      } else {
        state.lookedAt = System.nanoTime();
        if (observed == null) {
          // a pod awaiting its first container gets one whatever the engine shows: not asked
          observed =
              Planner.createsBlind(pod.get(), clock.instant())
                  ? Optional.empty()
                  : runtime.observe(key);
        }
      }
      return step.run(pod.get(), observed);
    } catch (EngineUnavailableException e) {
      engineOutage.warn(e);
      return Outcome.recheck(properties.interval());
    } catch (RuntimeException e) {
      metrics.error();
      log.error("Reconciling pod {}/{} failed; retrying", key.tenant(), key.podId(), e);
      return Outcome.recheck(properties.interval());
    }
  }

  /**
   * Removes the containers (and data, if asked) of the deleted pods of this key; {@code recreated}:
   * a pod of the same id exists again, and only containers of the deleted generations go. True when
   * there was a deleted pod to bury.
   */
  private boolean bury(PodKey key, boolean recreated, Optional<ObservedPod> hint) {
    List<ObservedStateStore.Tombstone> graves = store.tombstones(key.tenant(), key.podId());
    if (graves.isEmpty()) {
      return false;
    }
    ObservedPod container = (hint != null ? hint : runtime.observe(key)).orElse(null);
    for (ObservedStateStore.Tombstone t : graves) {
      buryContainer(t, container, recreated);
    }
    return true;
  }

  private void buryContainer(
      ObservedStateStore.Tombstone t, ObservedPod container, boolean recreated) {
    if (container != null && (!recreated || container.generation() <= t.generation())) {
      runtime.remove(container.key());
      log.info("Removed the container of deleted pod {}/{}", t.tenant(), t.podId());
    }
    if (t.deleteData()) {
      storage.deleteAll(StorageNames.podDataPrefix(t.tenant(), t.podUid()));
      log.info(
          "Deleted the data of pod {}/{} (delete_data, or nothing kept)", t.tenant(), t.podId());
    }
    store.forget(t);
  }

  /** Containers labelled as Berth's whose pod stayed unknown for the grace period go. */
  private void markOrphans(Map<PodKey, ObservedPod> observed, Set<PodKey> known) {
    Instant now = clock.instant();
    orphansSeen.keySet().retainAll(observed.keySet());
    for (PodKey key : observed.keySet()) {
      if (known.contains(key)) {
        orphansSeen.remove(key);
        continue;
      }
      Instant first = orphansSeen.computeIfAbsent(key, k -> now);
      if (Duration.between(first, now).compareTo(properties.orphanGrace()) >= 0) {
        keys.computeIfAbsent(key, k -> new KeyState()).orphan = true;
        known.add(key);
      }
    }
  }

  private void removeIfOrphan(PodKey key, KeyState state) {
    if (!state.orphan) {
      return;
    }
    state.orphan = false;
    orphansSeen.remove(key);
    runtime.remove(key);
    log.warn(
        "Removed container of unknown pod {}/{}: labelled as Berth's but not in the database",
        key.tenant(),
        key.podId());
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      log.info("Reconciler role is off in this process");
      return;
    }
    queue.start(this::periodicPass, properties.interval());
  }

  @Override
  public void stop() {
    queue.stop(Duration.ofSeconds(10));
    output.closeAll();
  }

  @Override
  public boolean isRunning() {
    return queue.running();
  }

  /** Starts after the web server and database are up; stops before them. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }

  /** What the reconciler remembers of a pod between rounds (its worker is the queue's). */
  private static final class KeyState {
    /** The full pass found deleted pods of this key to bury. */
    volatile boolean graves;

    /** The full pass found a container of this key that no pod owns, past the grace period. */
    volatile boolean orphan;

    /** When the engine was last asked about the container (System.nanoTime()). */
    volatile long lookedAt;

    /** The container as last seen, to stand in for the engine's answer at the next probe. */
    volatile ObservedPod reuse;

    /** When this key's last round ended (System.nanoTime()); null before its first. */
    volatile Long roundEnded;

    /** The round asked for at the pod's next warning or stop, one at a time. */
    final PendingWake wake = new PendingWake();
  }
}
