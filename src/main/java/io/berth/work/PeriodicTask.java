package io.berth.work;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work a component repeats every period on a daemon thread of its own while the application runs:
 * started and stopped with the Spring context. A run that throws is logged and the next run still
 * comes (a scheduled executor alone would stop repeating for good after one failure).
 */
public abstract class PeriodicTask implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

  private final String threadName;
  private final Duration firstAfter;
  private final Duration period;
  private ScheduledExecutorService timer;

  protected PeriodicTask(String threadName, Duration firstAfter, Duration period) {
    this.threadName = threadName;
    this.firstAfter = firstAfter;
    this.period = period;
  }

  /** One run of the work. */
  protected abstract void runOnce();

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        });
    timer.scheduleWithFixedDelay(
        this::runLogged, firstAfter.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null && !timer.isShutdown();
  }

  private void runLogged() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      log.warn("{} failed, tried again in {}: {}", threadName, period, e.toString());
    }
  }
}
