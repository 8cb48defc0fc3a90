package io.berth.work;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work per key, as a level-triggered controller needs it: every key is worked on by its own worker
 * (a virtual thread), at most one at a time per key and all keys in parallel. A request for a key
 * whose worker is running is not lost and not queued twice: the worker runs once more when done
 * (requests coalesce). A step may ask to run again at once or after a delay. Keys that went idle
 * are forgotten. A hint (what a full pass observed, say) rides with the request that starts a
 * worker; later rounds of that worker get none, since the hint may be stale by then.
 *
 * @param <K> the key (a pod, a job)
 * @param <H> a hint for the step, or Void
 */
public final class KeyedWorkQueue<K, H> {
  private static final Logger log = LoggerFactory.getLogger(KeyedWorkQueue.class);

  /** One round of work for a key; answers when to run again: null for not until asked. */
  @FunctionalInterface
  public interface Step<K, H> {
    /**
     * @param hint what the request that started this worker carried, null in later rounds
     * @return {@link Duration#ZERO} to run again at once, a delay to be requested again after it,
     *     null to settle until the next request
     */
    Duration run(K key, H hint);
  }

  private final String name;
  private final Step<K, H> step;
  private final Map<K, Round> keys = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  /**
   * Runs the periodic work apart from {@link #timer}: a pass that takes seconds (the engine slow
   * under load) must not hold up the rounds asked for after a delay (a readiness probe's next try).
   */
  private ScheduledExecutorService periodicTimer;

  private ExecutorService workers;
  private volatile boolean running;

  /** Whether a key's worker is to run once more. */
  private static final class Round {
    boolean again;
  }

  public KeyedWorkQueue(String name, Step<K, H> step) {
    this.name = name;
    this.step = step;
  }

  /** Starts taking requests; {@code periodic}, when given, runs every {@code interval}. */
  public synchronized void start(Runnable periodic, Duration interval) {
    workers = Executors.newVirtualThreadPerTaskExecutor();
    timer = daemonTimer(name + "-timer");
    running = true;
    if (periodic != null) {
      periodicTimer = daemonTimer(name);
      periodicTimer.scheduleWithFixedDelay(periodic, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops taking requests and waits a little for the running workers. */
  public synchronized void stop(Duration wait) {
    running = false;
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    if (periodicTimer != null) {
      periodicTimer.shutdownNow();
    }
    workers.shutdown();
    try {
      workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ScheduledExecutorService daemonTimer(String threadName) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  public boolean running() {
    return running;
  }

  /** Asks for a round of work on {@code key}, with {@code hint} if this starts its worker. */
  public void request(K key, H hint) {
    take(key, hint, true);
  }

  /**
   * Starts {@code key}'s worker with {@code hint} unless one runs; a running one is asked to run
   * once more only when {@code again}.
   */
  private void take(K key, H hint, boolean again) {
    if (!running) {
      return;
    }
    boolean[] start = {false};
    keys.compute(
        key,
        (k, round) -> {
          if (round != null) {
            if (again) {
              round.again = true; // its worker runs once more
            }
            return round;
          }
          start[0] = true;
          return new Round();
        });
    if (start[0]) {
      execute(key, hint);
    }
  }

  private void execute(K key, H hint) {
    try {
      workers.execute(() -> work(key, hint));
    } catch (RejectedExecutionException e) {
      // stopping: without this the key would stay taken and never be worked on again
      keys.remove(key);
    }
  }

  /**
   * As {@link #request}, except that a key whose worker is running is left to it (not run once
   * more): for a periodic look whose hint is older than that worker's round, and which comes again.
   */
  public void offer(K key, H hint) {
    take(key, hint, false);
  }

  /** Asks for a round of work on {@code key} after {@code delay}. */
  public void requestAfter(K key, Duration delay) {
    if (!running) {
      return;
    }
    try {
      timer.schedule(() -> request(key, null), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  /** How many keys have a worker now. */
  public int busy() {
    return keys.size();
  }

  private void work(K key, H hint) {
    H current = hint;
    while (true) {
      Duration next;
      try {
        next = step.run(key, current);
      } catch (RuntimeException e) {
        log.error("{}: work on {} failed", name, key, e); // steps handle their own; a last guard
        next = null;
      }
      current = null;
      boolean again = next != null && next.isZero();
      if (next != null && !next.isZero()) {
        requestAfter(key, next);
      }
      boolean[] more = {false};
      keys.compute(
          key,
          (k, round) -> {
            if ((round.again || again) && running) {
              round.again = false;
              more[0] = true;
              return round;
            }
            return null; // idle: forgotten until the next request
          });
      if (!more[0]) {
        return;
      }
    }
  }
}
