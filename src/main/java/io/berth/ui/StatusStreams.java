package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;

/**
 * Pod status pushed to open pages (server-sent events) instead of each page polling. Each stream
 * has a virtual thread that reads what its page shows through the features' services as the
 * signed-in caller, the same reads and permission checks as the API, and sends it only when it
 * changed; a read the API would refuse (the pod deleted, the grant revoked) ends the stream. The
 * reconciler may run in another process, so the database is what is watched. A user holds at most
 * {@link #PER_USER} streams (a browser's connections to one host over HTTP/1.1) and the site {@link
 * #TOTAL}: past that the page is answered 429 and falls back to polling. A page closed is noticed
 * at the next write, a heartbeat at the latest. A stream ends after {@link #LIFETIME}; the browser
 * reconnects by itself.
 */
@org.springframework.stereotype.Component
final class StatusStreams {
  static final int PER_USER = 6;
  static final int TOTAL = 500;
  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  /** Where a stream's events go: an SSE connection, or a recorder in tests. */
  interface Push {
    void send(String event, Object data) throws IOException;

    /** A comment line: keeps proxies from closing an idle connection, finds a closed one. */
    void heartbeat() throws IOException;

    void complete();
  }

  private final Duration tick;
  private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  StatusStreams() {
    this(Duration.ofSeconds(1));
  }

  StatusStreams(Duration tick) {
    this.tick = tick;
  }

  /**
   * Opens a stream sending {@code event} with what {@code read} returns, now and on each change.
   * Refused with 429 past the bounds (the page polls instead).
   */
  void open(Caller caller, String event, Supplier<Object> read, Push push) {
    String user = caller.tenant() + "/" + caller.user();
    if (perUser.merge(user, 1, Integer::sum) > PER_USER | total.incrementAndGet() > TOTAL) {
      release(user);
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          "At most " + PER_USER + " live status streams per user; this page polls instead.");
    }
    Thread.ofVirtual()
        .name("status-stream-" + user)
        .start(() -> {
          try {
            follow(event, read, push);
          } finally {
            release(user);
          }
        });
  }

  /** How many streams are open now (for tests and the bound). */
  int open() {
    return total.get();
  }

  private void follow(String event, Supplier<Object> read, Push push) {
    Instant end = Instant.now().plus(LIFETIME);
    Instant beat = Instant.now().plus(HEARTBEAT);
    Object last = null;
    try {
      while (Instant.now().isBefore(end)) {
        Object now;
        try {
          now = read.get();
        } catch (ApiException refused) {
          push.send("gone", Map.of("message", refused.getMessage()));
          break;
        }
        if (!Objects.equals(now, last)) {
          push.send(event, now);
          last = now;
        } else if (Instant.now().isAfter(beat)) {
          push.heartbeat();
          beat = Instant.now().plus(HEARTBEAT);
        }
        Thread.sleep(tick);
      }
    } catch (IOException | RuntimeException e) {
      // the page went away (or the read failed): nothing to tell anyone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      push.complete();
    }
  }

  private void release(String user) {
    total.decrementAndGet();
    perUser.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
  }
}
