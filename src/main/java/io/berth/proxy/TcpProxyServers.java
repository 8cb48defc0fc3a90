package io.berth.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener per tcp or postgres route, on the port the route was given, relaying bytes both ways
 * unchanged ({@link Relay}) on the proxy's event loops. Listeners follow the route table; a
 * connection to a pod that is not AVAILABLE (after reading it again, see {@link RouteResolver}) is
 * closed at once.
 */
class TcpProxyServers {
  private static final Logger log = LoggerFactory.getLogger(TcpProxyServers.class);

  private final RouteTable table;
  private final ProxyProperties properties;
  private final ProxyMetrics metrics;
  private final Map<Integer, Channel> servers = new ConcurrentHashMap<>();
  private ProxyEventLoops loops;
  private RouteResolver routes;
  private PodConnector connector;
  private PodActivity activity;

  TcpProxyServers(RouteTable table, ProxyProperties properties, ProxyMetrics metrics) {
    this.table = table;
    this.properties = properties;
    this.metrics = metrics;
  }

  synchronized void start(
      ProxyEventLoops loops, RouteResolver routes, PodConnector connector, PodActivity activity) {
    this.activity = activity;
    this.loops = loops;
    this.routes = routes;
    this.connector = connector;
  }

  synchronized void sync() {
    if (loops == null) {
      return;
    }
    Map<Integer, Route> wanted = table.tcpRoutes();
    servers
        .keySet()
        .removeIf(port -> {
          if (!wanted.containsKey(port)) {
            servers.get(port).close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            return true;
          }
          return false;
        });
    wanted.forEach((port, route) -> {
      if (!servers.containsKey(port)) {
        listen(port, route);
      }
    });
  }

  private void listen(int port, Route route) {
    ChannelFuture bound =
        new ServerBootstrap()
            .group(loops.group())
            .channel(loops.serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false) // until the relay joins
            .childHandler(new TcpConnection(port))
            .bind(properties.bindAddress(), port)
            .awaitUninterruptibly();
    if (bound.isSuccess()) {
      servers.put(port, bound.channel());
      log.debug("Listening on tcp port {} for pod {}", port, route.podId());
    } else {
      log.warn(
          "Cannot listen on tcp port {} for pod {}: {}",
          port,
          route.podId(),
          bound.cause().getMessage());
    }
  }

  /** A client of a tcp port: joined to its pod once the route and the connection are there. */
  private final class TcpConnection extends ChannelInboundHandlerAdapter {
    private final int port;

    TcpConnection(int port) {
      this.port = port;
    }

    @Override
    public boolean isSharable() {
      return true;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel client = ctx.channel();
      ctx.pipeline().remove(this);
      routes.tcp(port, client.eventLoop(), route -> connect(client, route));
    }

    private void connect(Channel client, Route route) {
      if (route == null || !route.available()) {
        metrics.request("tcp", "unavailable");
        client.close();
        return;
      }
      if (!route.admits(client.remoteAddress())) {
        metrics.request("tcp", "forbidden"); // not on the entry's ip_allow_list
        client.close();
        return;
      }
      connector
          .bytes(client, route.target())
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (!f.isSuccess()) {
                      metrics.request("tcp", "bad_gateway");
                      client.close();
                      return;
                    }
                    metrics.request("tcp", "proxied");
                    Relay.join(
                        client,
                        f.channel(),
                        metrics::bytesIn,
                        metrics::bytesOut,
                        activity.of(route));
                  });
    }
  }

  synchronized void stop() {
    servers.values().forEach(s -> s.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
    servers.clear();
    loops = null;
  }
}
