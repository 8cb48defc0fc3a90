package io.berth.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The proxy's routes: an immutable snapshot swapped whole, so the hot path reads without locks. Two
 * routes never share a host or a port: the API refuses what would collide, and should two still
 * meet (pods kept from older rules, a race between processes) the older pod keeps the address and
 * the other is left out and logged, never silently shadowing it.
 */
@Component
public class RouteTable {
  private static final Logger log = LoggerFactory.getLogger(RouteTable.class);
  private static final Comparator<Route> OLDEST_FIRST =
      Comparator.comparing(Route::created)
          .thenComparing(Route::tenant)
          .thenComparing(Route::podId)
          .thenComparing(Route::key);

  private record Snapshot(Map<String, Route> byHost, Map<Integer, Route> byPort) {}

  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

  /** Counts refreshes, so what was read from the database since the last one can be told apart. */
  private volatile long generation;

  /** The collisions logged at the last refresh, so each is logged once, not twice a second. */
  private Set<String> reported = Set.of();

  /** The routes that keep their address, and a sentence for each one left out. */
  record Resolved(List<Route> kept, Set<String> collisions) {}

  /**
   * Gives each address (an http host; a tcp port, and its host for Traefik's HostSNI) to the oldest
   * route claiming it.
   */
  static Resolved resolve(Collection<Route> routes) {
    Map<String, Route> claimed = new HashMap<>();
    List<Route> kept = new ArrayList<>();
    Set<String> collisions = new HashSet<>();
    for (Route r : routes.stream().sorted(OLDEST_FIRST).toList()) {
      List<String> addresses =
          r.http()
              ? List.of("http " + r.host())
              : r.tcpPort() == null
                  ? List.of("tcp " + r.host())
                  : List.of("tcp " + r.host(), "port " + r.tcpPort());
      Route holder =
          addresses.stream().map(claimed::get).filter(Objects::nonNull).findFirst().orElse(null);
      if (holder != null) {
        collisions.add(describe(r, holder));
        continue;
      }
      addresses.forEach(a -> claimed.put(a, r));
      kept.add(r);
    }
    return new Resolved(kept, collisions);
  }

  public synchronized void replaceAll(Collection<Route> routes) {
    Resolved resolved = resolve(routes);
    for (String collision : resolved.collisions()) {
      if (!reported.contains(collision)) {
        log.warn("Route left out: {}", collision);
      }
    }
    reported = resolved.collisions();
    Map<String, Route> hosts = new HashMap<>();
    Map<Integer, Route> ports = new HashMap<>();
    for (Route r : resolved.kept()) {
      if (r.http()) {
        hosts.put(r.host(), r);
      } else if (r.tcpPort() != null) {
        ports.put(r.tcpPort(), r);
      }
    }
    snapshot = new Snapshot(Map.copyOf(hosts), Map.copyOf(ports));
    generation++;
  }

  public long generation() {
    return generation;
  }

  private static String describe(Route left, Route kept) {
    return "entry "
        + left.key()
        + " of pod "
        + left.tenant()
        + "/"
        + left.podId()
        + " claims the address of entry "
        + kept.key()
        + " of the older pod "
        + kept.tenant()
        + "/"
        + kept.podId()
        + " ("
        + (left.http() || !Objects.equals(left.tcpPort(), kept.tcpPort())
            ? left.host()
            : "port " + left.tcpPort())
        + "), which keeps it";
  }

  public Route byHost(String host) {
    return snapshot.byHost().get(host);
  }

  public Route byPort(int port) {
    return snapshot.byPort().get(port);
  }

  public Collection<Route> httpRoutes() {
    return snapshot.byHost().values();
  }

  public Map<Integer, Route> tcpRoutes() {
    return snapshot.byPort();
  }
}
