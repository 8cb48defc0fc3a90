package io.berth.proxy;

import io.berth.runtime.PodKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * When traffic last passed to or from each pod's networking entry, and how many relayed (tcp,
 * postgres, WebSocket) connections to it are open. Lock-free on the proxy's hot path: a connection
 * or exchange looks its {@link Entry} up once and then costs one clock read per read batch; {@link
 * #drain()} hands what changed to the flusher, which writes it to the database.
 *
 * <p>The rule: traffic is activity, an open connection is not. A tcp connection that carried no
 * byte either way since the last flush (a pooled database connection left open, say) does not keep
 * its pod awake; the next byte it carries does. HTTP requests count when they arrive and while
 * their bodies and responses stream.
 */
@Component
public class PodActivity {
  private final Map<RouteKey, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public PodActivity(Clock clock) {
    this.clock = clock;
  }

  /** One networking entry of one pod. */
  record RouteKey(String tenant, String podId, String key) {}

  /** What one networking entry has seen; shared by every connection to it. */
  public final class Entry {
    private final AtomicLong last = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private volatile long flushed;

    /** Traffic passed now. */
    void touch() {
      last.lazySet(clock.millis());
    }

    void opened() {
      open.incrementAndGet();
      touch();
    }

    void closed() {
      open.decrementAndGet();
    }

    /** When traffic last passed, or null when none has since this process started. */
    public Instant lastTraffic() {
      long at = last.get();
      return at == 0 ? null : Instant.ofEpochMilli(at);
    }

    public int openConnections() {
      return open.get();
    }
  }

  /** The entry of a route (made on first use). */
  Entry of(Route route) {
    return entries.computeIfAbsent(
        new RouteKey(route.tenant(), route.podId(), route.key()), k -> new Entry());
  }

  /** What this process saw of one pod's entry, or null when nothing. */
  public Entry find(String tenant, String podId, String key) {
    return entries.get(new RouteKey(tenant, podId, key));
  }

  /**
   * The latest traffic per pod seen since the last drain. Entries with no traffic and no open
   * connection for {@code forgetAfter} are dropped (pods deleted or long asleep).
   */
  public Map<PodKey, Instant> drain(Duration forgetAfter) {
    Map<PodKey, Instant> changed = new HashMap<>();
    long forgetBefore = clock.millis() - forgetAfter.toMillis();
    entries.forEach((key, entry) -> {
      long at = entry.last.get();
      if (at > entry.flushed) {
        entry.flushed = at;
        changed.merge(
            new PodKey(key.tenant(), key.podId()),
            Instant.ofEpochMilli(at),
            (a, b) -> a.isAfter(b) ? a : b);
      } else if (at < forgetBefore && entry.open.get() <= 0) {
        entries.remove(key, entry);
      }
    });
    return changed;
  }
}
