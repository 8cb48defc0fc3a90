package io.berth.proxy;

import io.berth.pods.LifetimeProperties;
import io.berth.pods.PodActivityStore;
import io.berth.runtime.PodKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the traffic the proxy saw ({@link PodActivity}) to the pods' rows every {@code
 * berth.pods.lifetime.activity-flush}, so the reconciler of any process, and this one after a
 * restart, sees it; once more when the proxy stops.
 */
@Component
class ActivityFlusher {
  private static final Logger log = LoggerFactory.getLogger(ActivityFlusher.class);
  private static final Duration FORGET_AFTER = Duration.ofHours(1);

  private final PodActivity activity;
  private final PodActivityStore store;
  private final LifetimeProperties properties;
  private final Map<PodKey, Instant> unwritten = new HashMap<>();
  private ScheduledExecutorService timer;

  ActivityFlusher(PodActivity activity, PodActivityStore store, LifetimeProperties properties) {
    this.activity = activity;
    this.store = store;
    this.properties = properties;
  }

  synchronized void flush() {
    activity
        .drain(FORGET_AFTER)
        .forEach((key, at) -> unwritten.merge(key, at, (a, b) -> a.isAfter(b) ? a : b));
    if (unwritten.isEmpty()) {
      return;
    }
    try {
      store.record(unwritten);
      log.debug("Recorded activity: {}", unwritten);
      unwritten.clear();
    } catch (RuntimeException e) {
      log.warn("Could not record pods' activity (retried at the next flush): {}", e.getMessage());
    }
  }

  synchronized void start() {
    long every = properties.activityFlush().toMillis();
    timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "berth-activity");
          t.setDaemon(true);
          return t;
        });
    timer.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
  }

  void stop() {
    ScheduledExecutorService running;
    synchronized (this) {
      running = timer;
      timer = null;
    }
    if (running != null) {
      running.shutdownNow();
      flush();
    }
  }
}
