package io.berth.proxy;

import io.berth.runtime.PodKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * When traffic last passed to or from each pod's networking entry, and how many relayed (tcp,
 * postgres, WebSocket) connections to it are open. Free on the proxy's hot path: a connection looks
 * its {@link Entry} up once per route it uses, and traffic only reads a flag that is already set
 * (it writes it once per flush interval at most: no clock read, lock, allocation or contended write
 * per request); {@link #drain(Duration)} takes the flags and hands what changed to the flusher,
 * which writes it to the database. Traffic is thus recorded at the drain that follows it, never
 * before it happened and at most one flush interval after, so a pod is never stopped early for it.
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
    /** Traffic passed since the last drain: set by event loops, taken by the drain. */
    private volatile boolean used;

    /** The drain that last found it used (epoch ms), 0 before any. */
    private volatile long last;

    private final AtomicInteger open = new AtomicInteger();
    private volatile long flushed;

    /** Dropped by the drain: connections holding it look their route's entry up again. */
    private volatile boolean forgotten;

    /**
     * Traffic passed now. Reads a flag, and writes it only when the drain has taken it: the cache
     * line every event loop shares stays unwritten between two drains.
     */
    void touch() {
      if (!used) {
        used = true;
      }
    }

    void opened() {
      open.incrementAndGet();
      touch();
    }

    void closed() {
      open.decrementAndGet();
    }

    boolean forgotten() {
      return forgotten;
    }

    /** When traffic last passed (now, when some did since the last drain), or null when none. */
    public Instant lastTraffic() {
      long at = used ? clock.millis() : last;
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
   * The latest traffic per pod seen since the last drain, as of now (one clock read per entry used,
   * not per request). Entries with no traffic and no open connection for {@code forgetAfter} are
   * dropped (pods deleted or long asleep).
   */
  public Map<PodKey, Instant> drain(Duration forgetAfter) {
    Map<PodKey, Instant> changed = new HashMap<>();
    long forgetBefore = clock.millis() - forgetAfter.toMillis();
    entries.forEach((key, entry) -> {
      if (entry.used) {
        entry.used = false; // traffic after this is taken by the next drain
        entry.last = clock.millis(); // read after the flag: no earlier than the traffic it saw
      }
      long at = entry.last;
      if (at > entry.flushed) {
        entry.flushed = at;
        changed.merge(
            new PodKey(key.tenant(), key.podId()),
            Instant.ofEpochMilli(at),
            (a, b) -> a.isAfter(b) ? a : b);
      } else if (at < forgetBefore && entry.open.get() <= 0 && entries.remove(key, entry)) {
        entry.forgotten = true;
      }
    });
    return changed;
  }
}
