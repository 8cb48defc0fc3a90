package io.berth.proxy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The route of a host or a port as every proxy process must see it: the route table while it holds
 * an AVAILABLE route, else what the database says now. The table is rebuilt every refresh interval,
 * so a pod reported AVAILABLE a moment ago may be missing or not yet AVAILABLE in it; reading that
 * one pod again before answering 404 or 503 makes it routable the moment the API reports it, on
 * every process. What such a read found holds until the next refresh (a client repeating a request
 * for an unknown or stopped pod costs one read per refresh, not one per request), and only a
 * bounded number of reads run at once: beyond that the table answers.
 */
class RouteResolver {
  /** Reads one route from the database. */
  interface Lookup {
    Optional<Route> httpRoute(String host);

    /** The route of a tcp port as the database has it now, given the table's (older) one. */
    Optional<Route> tcpRoute(Route known);
  }

  private record Found(Route route, long generation) {}

  private static final int MAX_REMEMBERED = 10_000;

  private final RouteTable table;
  private final Lookup lookup;
  private final Executor reads;
  private final int maxConcurrent;
  private final AtomicInteger running = new AtomicInteger();
  private final Map<String, Found> found = new ConcurrentHashMap<>();

  /**
   * @param reads where database reads run (never an event loop)
   */
  RouteResolver(RouteTable table, Lookup lookup, Executor reads, int maxConcurrent) {
    this.table = table;
    this.lookup = lookup;
    this.reads = reads;
    this.maxConcurrent = maxConcurrent;
  }

  /**
   * Calls {@code then} with the host's route, null when there is none: at once when the table or a
   * read since the last refresh knows it, else on {@code loop} once the database was read.
   */
  void http(String host, Executor loop, Consumer<Route> then) {
    Route known = table.byHost(host);
    resolve("host " + host, known, () -> lookup.httpRoute(host), loop, then);
  }

  /** As {@link #http}, for a tcp port the table has (no listener stays up for any other). */
  void tcp(int port, Executor loop, Consumer<Route> then) {
    Route known = table.byPort(port);
    if (known == null) {
      then.accept(null);
      return;
    }
    resolve("port " + port, known, () -> lookup.tcpRoute(known), loop, then);
  }

  private void resolve(
      String key,
      Route known,
      Supplier<Optional<Route>> reader,
      Executor loop,
      Consumer<Route> then) {
    if (known != null && known.available()) {
      then.accept(known);
      return;
    }
    long generation = table.generation();
    Found recent = found.get(key);
    if (recent != null && recent.generation() == generation) {
      then.accept(recent.route());
      return;
    }
    if (running.incrementAndGet() > maxConcurrent) {
      running.decrementAndGet();
      then.accept(known); // too many reads at once: the table's word
      return;
    }
    try {
      reads.execute(() -> {
        Route route = known;
        try {
          route = reader.get().orElse(null);
          remember(key, route, generation);
        } catch (RuntimeException e) {
          // the database is away: the table's word
        } finally {
          running.decrementAndGet();
        }
        Route answer = route;
        loop.execute(() -> then.accept(answer));
      });
    } catch (RejectedExecutionException e) {
      running.decrementAndGet();
      then.accept(known); // shutting down
    }
  }

  private void remember(String key, Route route, long generation) {
    if (found.size() >= MAX_REMEMBERED) {
      long now = table.generation();
      found.values().removeIf(f -> f.generation() != now);
    }
    if (found.size() < MAX_REMEMBERED) {
      found.put(key, new Found(route, generation));
    }
  }
}
