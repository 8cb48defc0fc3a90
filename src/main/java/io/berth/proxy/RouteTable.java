package io.berth.proxy;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The proxy's routes: an immutable snapshot swapped whole, so the hot path reads without locks. */
@Component
public class RouteTable {
  private record Snapshot(Map<String, Route> byHost, Map<Integer, Route> byPort) {}

  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

  public void replaceAll(Collection<Route> routes) {
    Map<String, Route> hosts = new HashMap<>();
    Map<Integer, Route> ports = new HashMap<>();
    for (Route r : routes) {
      if (r.http()) {
        hosts.put(r.host(), r);
      } else if (r.tcpPort() != null) {
        ports.put(r.tcpPort(), r);
      }
    }
    snapshot = new Snapshot(Map.copyOf(hosts), Map.copyOf(ports));
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
