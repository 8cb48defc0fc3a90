package io.berth.proxy;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** The proxy role: route refresh, the HTTP/WebSocket listener and the TCP listeners. */
@Component
class ProxyServers implements SmartLifecycle {
  private final ProxyProperties properties;
  private final RouteRefresher refresher;
  private final HttpProxyServer http;
  private final TcpProxyServers tcp;
  private volatile boolean running;

  ProxyServers(
      ProxyProperties properties,
      RouteRefresher refresher,
      RouteTable table,
      AccessGate gate,
      CredentialFilter credentials,
      ProxyMetrics metrics) {
    this.properties = properties;
    this.refresher = refresher;
    this.http = new HttpProxyServer(table, gate, credentials, properties, metrics);
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
    http.start();
    refresher.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    refresher.stop();
    tcp.stop();
    http.stop();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
