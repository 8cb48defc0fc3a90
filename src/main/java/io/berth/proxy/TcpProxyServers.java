package io.berth.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * One listener per tcp or postgres route, on the port the route was given, forwarding bytes both
 * ways unchanged. Listeners follow the route table; a connection to a pod that is not AVAILABLE is
 * closed at once.
 */
class TcpProxyServers {
  private static final Logger log = LoggerFactory.getLogger(TcpProxyServers.class);

  private final RouteTable table;
  private final ProxyProperties properties;
  private final ProxyMetrics metrics;
  private final Map<Integer, DisposableServer> servers = new ConcurrentHashMap<>();

  TcpProxyServers(RouteTable table, ProxyProperties properties, ProxyMetrics metrics) {
    this.table = table;
    this.properties = properties;
    this.metrics = metrics;
  }

  synchronized void sync() {
    Map<Integer, Route> routes = table.tcpRoutes();
    servers
        .keySet()
        .removeIf(port -> {
          if (!routes.containsKey(port)) {
            servers.get(port).disposeNow(Duration.ofSeconds(2));
            return true;
          }
          return false;
        });
    for (Integer port : routes.keySet()) {
      if (!servers.containsKey(port)) {
        try {
          servers.put(
              port,
              TcpServer.create()
                  .host(properties.bindAddress())
                  .port(port)
                  .handle((in, out) -> bridge(port, in, out))
                  .bindNow(Duration.ofSeconds(5)));
          log.debug("Listening on tcp port {} for pod {}", port, routes.get(port).podId());
        } catch (RuntimeException e) {
          log.warn(
              "Cannot listen on tcp port {} for pod {}: {}",
              port,
              routes.get(port).podId(),
              e.getMessage());
        }
      }
    }
  }

  private Publisher<Void> bridge(int port, NettyInbound in, NettyOutbound out) {
    Route route = table.byPort(port);
    if (route == null || !route.available()) {
      metrics.request("tcp", "unavailable");
      in.withConnection(reactor.netty.Connection::dispose);
      return Mono.empty();
    }
    String[] target = route.target().split(":");
    metrics.request("tcp", "proxied");
    return TcpClient.create()
        .host(target[0])
        .port(Integer.parseInt(target[1]))
        .connect()
        .flatMap(upstream ->
            Mono.when(
                    upstream
                        .outbound()
                        .send(
                            in.receive().retain().doOnNext(b -> metrics.bytesIn(b.readableBytes())))
                        .then(),
                    out.send(
                            upstream
                                .inbound()
                                .receive()
                                .retain()
                                .doOnNext(b -> metrics.bytesOut(b.readableBytes())))
                        .then())
                .doFinally(s -> upstream.dispose()))
        .onErrorResume(e -> {
          metrics.request("tcp", "bad_gateway");
          return Mono.empty();
        });
  }

  synchronized void stop() {
    servers.values().forEach(s -> s.disposeNow(Duration.ofSeconds(2)));
    servers.clear();
  }
}
