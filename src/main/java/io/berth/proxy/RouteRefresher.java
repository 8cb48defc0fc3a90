package io.berth.proxy;

import io.berth.pods.Pod;
import io.berth.pods.PodRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the route table from the database twice a second (by default), so routes follow pod
 * status within a second whichever process runs the reconciler. Also answers the Traefik
 * configuration with the same routes.
 */
@Component
public class RouteRefresher {
  private static final Logger log = LoggerFactory.getLogger(RouteRefresher.class);

  private final PodRepository pods;
  private final TcpPorts ports;
  private final RouteTable table;
  private final ProxyProperties properties;
  private final UrlScheme scheme;
  private final List<Runnable> listeners = new ArrayList<>();
  private volatile ScheduledExecutorService timer;

  /** A refresh asked for and not begun: a burst of asks (a thousand pods stopped) makes one. */
  private final AtomicBoolean soon = new AtomicBoolean();

  public RouteRefresher(
      PodRepository pods,
      TcpPorts ports,
      RouteTable table,
      ProxyProperties properties,
      UrlScheme scheme) {
    this.pods = pods;
    this.ports = ports;
    this.table = table;
    this.properties = properties;
    this.scheme = scheme;
  }

  /** Called after each refresh (the TCP servers follow the table). */
  void onRefresh(Runnable listener) {
    listeners.add(listener);
  }

  public List<Route> routes() {
    Map<String, Integer> tcp = ports.all();
    List<Route> routes = new ArrayList<>();
    for (Pod pod : pods.listAll()) {
      String prefix = pod.tenant() + "/" + pod.podId() + "/";
      Map<String, Integer> podPorts = new HashMap<>();
      pod.definition()
          .networking()
          .keySet()
          .forEach(key -> {
            Integer port = tcp.get(prefix + key);
            if (port != null) {
              podPorts.put(key, port);
            }
          });
      routes.addAll(PodRoutes.of(pod, scheme, podPorts));
    }
    return routes;
  }

  public void refresh() {
    try {
      table.replaceAll(routes());
      listeners.forEach(Runnable::run);
    } catch (RuntimeException e) {
      log.warn("Could not refresh the proxy's routes: {}", e.getMessage());
    }
  }

  /**
   * Refreshes now rather than at the next interval (a new tcp port gets its listener at once), when
   * this process runs the proxy.
   */
  void refreshSoon() {
    ScheduledExecutorService running = timer;
    if (running != null && !running.isShutdown() && soon.compareAndSet(false, true)) {
      running.execute(() -> {
        soon.set(false); // before reading: a change after this point gets a refresh of its own
        refresh();
      });
    }
  }

  void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "berth-routes");
          t.setDaemon(true);
          return t;
        });
    timer.scheduleWithFixedDelay(
        this::refresh, 0, properties.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
