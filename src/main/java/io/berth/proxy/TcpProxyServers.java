package io.berth.proxy;

import io.berth.pods.PodWakes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener per tcp or postgres route, on the port the route was given, relaying bytes both ways
 * unchanged ({@link Relay}) on the proxy's event loops. Listeners follow the route table, stopped
 * pods' routes included. A connection to a sleeping pod ({@link Wake}) wakes it and is held,
 * unread, until the pod's port answers, then relayed, so the client sees only a slower connect;
 * past the wake timeout it is closed cleanly. A connection to any other pod that is not AVAILABLE
 * (after reading it again, see {@link RouteResolver}) is closed at once.
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
  private PodWaker waker;

  TcpProxyServers(RouteTable table, ProxyProperties properties, ProxyMetrics metrics) {
    this.table = table;
    this.properties = properties;
    this.metrics = metrics;
  }

  /**
   * @param waker wakes sleeping pods for held connections; null to close them as for any stopped
   *     pod
   */
  synchronized void start(
      ProxyEventLoops loops,
      RouteResolver routes,
      PodConnector connector,
      PodActivity activity,
      PodWaker waker) {
    this.activity = activity;
    this.waker = waker;
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
      if (route != null && !route.admits(client.remoteAddress())) {
        metrics.request("tcp", "forbidden"); // not on the entry's ip_allow_list
        client.close();
        return;
      }
      Wake wake = route == null ? Wake.REFUSE : Wake.of(route);
      if (wake == Wake.PASS) {
        relay(client, route);
      } else if (waker == null || wake == Wake.REFUSE) {
        metrics.request("tcp", "unavailable");
        client.close();
      } else if (wake == Wake.HOLD) {
        await(client, route);
      } else {
        // tcp entries have no gate: whoever reaches the port wakes the pod, as its owner chose
        waker
            .wake(route, null)
            .thenAccept(result ->
                client
                    .eventLoop()
                    .execute(() -> {
                      if (result instanceof PodWakes.Result.Starting) {
                        metrics.request("tcp", "woken");
                        await(client, route);
                      } else {
                        metrics.request("tcp", "unavailable");
                        client.close();
                      }
                    }));
      }
    }

    /** Holds the connection, unread, until the pod answers; closes it past the wake timeout. */
    private void await(Channel client, Route route) {
      waker
          .ready(route)
          .thenAccept(ready ->
              client
                  .eventLoop()
                  .execute(() -> {
                    if (!client.isActive()) {
                      return;
                    }
                    if (ready == null) {
                      metrics.request("tcp", "wake_timeout");
                      closeCleanly(client);
                    } else {
                      relay(client, ready);
                    }
                  }));
    }

    private void relay(Channel client, Route route) {
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

  /**
   * Ends a held connection with FIN, not RST: what the client sent meanwhile (a database's startup
   * message) is read and dropped first, since closing a socket with unread input resets it.
   */
  static void closeCleanly(Channel client) {
    client
        .pipeline()
        .addLast(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
              }

              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ChannelInputShutdownEvent) {
                  ctx.close();
                }
              }
            });
    client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    client.config().setAutoRead(true);
    client.read();
    if (client instanceof DuplexChannel duplex) {
      duplex.shutdownOutput();
      // a client that never closes its side is closed for it soon after
      client.eventLoop().schedule(() -> client.close(), 2, TimeUnit.SECONDS);
    } else {
      client.close();
    }
  }

  synchronized void stop() {
    servers.values().forEach(s -> s.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
    servers.clear();
    loops = null;
  }
}
