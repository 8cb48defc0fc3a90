package io.berth.proxy;

import io.berth.pods.PodAvailable;
import io.berth.pods.PodWakes;
import io.berth.pods.PodWentDown;
import io.berth.runtime.PodKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The proxy role: route refresh, the HTTP/WebSocket listener and the TCP listeners, on one set of
 * event loops.
 */
@Component
class ProxyServers implements SmartLifecycle {
  /** Database reads for routes missing from the table, at once, per process. */
  private static final int ROUTE_READS = 32;

  /**
   * How often a waking pod's row is read while traffic waits for it: short, since it adds to every
   * wake; one primary-key read per waking pod, however many wait.
   */
  private static final Duration WAKE_POLL = Duration.ofMillis(50);

  private final ProxyProperties properties;
  private final RouteRefresher refresher;
  private final RouteTable table;
  private final RouteLookup lookup;
  private final AccessGate gate;
  private final CredentialFilter credentials;
  private final ProxyMetrics metrics;
  private final ProxyPages pages;
  private final BrowserSignIn signIn;
  private final HttpProxyServer http;
  private final TcpProxyServers tcp;
  private final PodActivity activity;
  private final ActivityFlusher flusher;
  private final PodWakes wakes;
  private final Clock clock;
  private volatile PodWaker waker;
  private ProxyEventLoops loops;
  private ExecutorService blocking;
  private volatile boolean running;

  ProxyServers(
      ProxyProperties properties,
      RouteRefresher refresher,
      RouteTable table,
      RouteLookup lookup,
      AccessGate gate,
      CredentialFilter credentials,
      ProxyMetrics metrics,
      ProxyPages pages,
      BrowserSignIn signIn,
      PodActivity activity,
      ActivityFlusher flusher,
      PodWakes wakes,
      Clock clock) {
    this.wakes = wakes;
    this.clock = clock;
    this.activity = activity;
    this.flusher = flusher;
    this.properties = properties;
    this.refresher = refresher;
    this.table = table;
    this.lookup = lookup;
    this.gate = gate;
    this.credentials = credentials;
    this.metrics = metrics;
    this.pages = pages;
    this.signIn = signIn;
    this.http = new HttpProxyServer(properties, metrics);
    this.tcp = new TcpProxyServers(table, properties, metrics);
    refresher.onRefresh(tcp::sync);
  }

  /** The bound HTTP port (the configured one, or the one the OS chose for port 0). */
  int httpPort() {
    return http.port();
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      return;
    }
    loops = ProxyEventLoops.create(properties.eventLoops());
    // token checks and route reads may wait on the database: never on an event loop
    blocking = Executors.newVirtualThreadPerTaskExecutor();
    RouteResolver routes = new RouteResolver(table, lookup, blocking, ROUTE_READS);
    PodConnector connector = PodConnector.of(loops, properties.connectTimeout());
    waker =
        new PodWaker(
            wakes::wake,
            lookup,
            blocking,
            new WakeWaits(clock, blocking, d -> Thread.sleep(d), WAKE_POLL),
            properties.wakeTimeout());
    http.start(
        loops,
        new ProxyContext(
            routes,
            gate,
            credentials,
            properties,
            metrics,
            connector,
            blocking,
            pages,
            signIn,
            activity,
            waker));
    tcp.start(loops, routes, connector, activity, waker);
    refresher.start();
    flusher.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    refresher.stop();
    tcp.stop();
    http.stop();
    if (loops != null) {
      loops.shutdown();
    }
    flusher.stop();
    if (blocking != null) {
      blocking.shutdownNow();
    }
  }

  /** This process's reconciler found a pod AVAILABLE: what waits for it goes on now. */
  @EventListener
  void podAvailable(PodAvailable event) {
    PodWaker running = waker;
    if (running != null) {
      running.available(new PodKey(event.tenant(), event.podId()));
    }
  }

  /**
   * This process's reconciler stops a pod or found it down: the routes are read again now, so a
   * request that would wake it is not sent to its old address (a 502) for up to an interval.
   */
  @EventListener
  void podWentDown(PodWentDown event) {
    refresher.refreshSoon();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
