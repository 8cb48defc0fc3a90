package io.berth.ops.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Marker;

/**
 * Rate-limits repeated stack traces. The first failure from a site (the logger, and the type and
 * first frame of the exception and of its root cause) is logged in full; further ones from that
 * site are dropped and counted, and once per interval (a minute by default) one line says how many
 * there were. A site quiet for a whole interval is forgotten, so its next failure is logged in full
 * again. One client causing the same error a thousand times a second then costs a line a minute,
 * not 8 KB per request. Installed in logback-spring.xml.
 */
public class RepeatedFailureFilter extends TurboFilter {
  private static final int MAX_SITES = 10_000;

  private final Map<Site, Window> sites = new ConcurrentHashMap<>();
  private final ThreadLocal<Boolean> reporting = ThreadLocal.withInitial(() -> false);
  private final LongSupplier nanos;
  private long intervalNanos = TimeUnit.SECONDS.toNanos(60);
  private ScheduledExecutorService timer;

  public RepeatedFailureFilter() {
    this(System::nanoTime);
  }

  RepeatedFailureFilter(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** How often the count of dropped repeats is logged (logback sets it from the XML). */
  public void setIntervalSeconds(int seconds) {
    this.intervalNanos = TimeUnit.SECONDS.toNanos(Math.max(1, seconds));
  }

  /** Where a failure comes from: the same site twice is the same failure repeated. */
  record Site(
      String logger, String type, String frame, String rootType, String rootFrame, Level level) {
    static Site of(String logger, Throwable thrown, Level level) {
      Throwable root = thrown;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return new Site(
          logger,
          thrown.getClass().getName(),
          firstFrame(thrown),
          root.getClass().getName(),
          firstFrame(root),
          level);
    }

    private static String firstFrame(Throwable t) {
      StackTraceElement[] trace = t.getStackTrace();
      return trace.length == 0 ? "" : trace[0].toString();
    }

    String describe() {
      return type
          + (frame.isEmpty() ? "" : " at " + frame)
          + (rootType.equals(type) && rootFrame.equals(frame)
              ? ""
              : ", caused by " + rootType + (rootFrame.isEmpty() ? "" : " at " + rootFrame));
    }
  }

  /** The interval a site is in: when it started and how many repeats it dropped. */
  static final class Window {
    volatile long start;
    final AtomicLong dropped = new AtomicLong();

    Window(long start) {
      this.start = start;
    }
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    Throwable thrown = t;
    if (thrown == null && params != null && params.length > 0) {
      thrown = params[params.length - 1] instanceof Throwable last ? last : null;
    }
    if (thrown == null || level == null || reporting.get() || !logger.isEnabledFor(level)) {
      return FilterReply.NEUTRAL;
    }
    Site site = Site.of(logger.getName(), thrown, level);
    long now = nanos.getAsLong();
    Window window = sites.get(site);
    if (window == null) {
      if (sites.size() >= MAX_SITES) {
        return FilterReply.NEUTRAL; // more distinct sites than any code has: do not grow
      }
      window = sites.putIfAbsent(site, new Window(now));
      if (window == null) {
        return FilterReply.NEUTRAL; // the first from this site: in full
      }
    }
    window.dropped.incrementAndGet();
    return FilterReply.DENY;
  }

  /**
   * Logs the count of every site that dropped repeats in an interval that has ended, and forgets
   * the sites that stayed quiet for a whole interval.
   */
  void report() {
    report(false);
  }

  private void report(boolean all) {
    long now = nanos.getAsLong();
    for (Iterator<Map.Entry<Site, Window>> it = sites.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Site, Window> entry = it.next();
      Window window = entry.getValue();
      if (!all && now - window.start < intervalNanos) {
        continue;
      }
      long dropped = window.dropped.getAndSet(0);
      if (dropped == 0) {
        it.remove();
        continue;
      }
      window.start = now;
      log(entry.getKey(), dropped);
    }
  }

  private void log(Site site, long dropped) {
    Logger logger = ((LoggerContext) getContext()).getLogger(site.logger());
    String message =
        "{} more like the failure logged in full before ({}) in the last {} s; their stack traces"
            + " were not logged";
    Object[] args = {dropped, site.describe(), TimeUnit.NANOSECONDS.toSeconds(intervalNanos)};
    reporting.set(true);
    try {
      if (site.level().isGreaterOrEqual(Level.ERROR)) {
        logger.error(message, args);
      } else {
        logger.warn(message, args);
      }
    } finally {
      reporting.set(false);
    }
  }

  @Override
  public void start() {
    long period = Math.max(1, TimeUnit.NANOSECONDS.toMillis(intervalNanos) / 4);
    timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread thread = new Thread(r, "berth-log-repeats");
          thread.setDaemon(true);
          return thread;
        });
    timer.scheduleWithFixedDelay(() -> reportQuietly(false), period, period, TimeUnit.MILLISECONDS);
    super.start();
  }

  private void reportQuietly(boolean all) {
    try {
      report(all);
    } catch (RuntimeException e) {
      addError("could not report repeated failures", e);
    }
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
      reportQuietly(true); // what the last interval dropped is still said
    }
    super.stop();
  }
}
