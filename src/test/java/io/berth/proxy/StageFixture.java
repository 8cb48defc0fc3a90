package io.berth.proxy;

import io.berth.auth.AuthProperties;
import io.berth.auth.EmbeddedTenant;
import io.berth.config.BerthProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the stage tests share: routes, a route table with a database stand-in, the proxy's context
 * with pods as {@link EmbeddedChannel}s, and raw bytes in and out.
 */
final class StageFixture {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ProxyMetrics metrics = new ProxyMetrics(registry);
  final io.berth.testing.FakeClock clock = new io.berth.testing.FakeClock();

  /** Replaceable before {@link #client()}, by a counting one. */
  PodActivity activity = new PodActivity(clock);

  final RouteTable table = new RouteTable();
  final FakeDatabase database = new FakeDatabase();
  final List<EmbeddedChannel> pods = new ArrayList<>();
  final List<String> connectedTo = new ArrayList<>();

  /** Runs database reads at once unless a test wants to see the stage wait. */
  Executor reads = Runnable::run;

  AccessGate gate =
      (route, credentials) -> new AccessGate.Verdict.Allowed("default", "alice", null, false);
  Executor gateChecks = Runnable::run;

  /** Connects at once to a new EmbeddedChannel unless set to fail. */
  boolean refuseConnections;

  static ProxyProperties properties() {
    return new ProxyProperties(
        null,
        0,
        "127.0.0.1",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        1,
        null,
        null,
        null,
        null);
  }

  static Route route(String host, String podId, String status, boolean gated) {
    return Route.builder(host, "default", podId, "default")
        .status(status)
        .target("AVAILABLE".equals(status) ? podId + ":5000" : null)
        .gated(gated)
        .build();
  }

  /** The database as the route lookup sees it, counting reads. */
  static final class FakeDatabase implements RouteResolver.Lookup {
    final Map<String, Route> byHost = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Optional<Route> httpRoute(String host) {
      reads.incrementAndGet();
      return Optional.ofNullable(byHost.get(host));
    }

    @Override
    public Optional<Route> tcpRoute(Route known) {
      reads.incrementAndGet();
      return Optional.ofNullable(byHost.get(known.host()));
    }
  }

  private RouteResolver resolver;

  /** One resolver for the fixture (created on first use, with the reads executor then set). */
  RouteResolver resolver() {
    if (resolver == null) {
      resolver = new RouteResolver(table, database, task -> reads.execute(task), 4);
    }
    return resolver;
  }

  ProxyContext context() {
    BerthProperties berth = new BerthProperties(null, 8080, "tacc", null);
    AuthProperties auth =
        new AuthProperties(null, "default", "https://berth.example", null, null, null, null);
    CredentialFilter credentials =
        new CredentialFilter(auth, new EmbeddedTenant(auth, berth), berth);
    return new ProxyContext(
        resolver(),
        gate,
        credentials,
        properties(),
        metrics,
        connector(),
        gateChecks,
        null,
        null,
        activity,
        null);
  }

  /** Pods as EmbeddedChannels with the proxy's own pod codec, remembered in order. */
  PodConnector connector() {
    return new PodConnector() {
      @Override
      public ChannelFuture http(Channel client, String target, PodConnection.Listener listener) {
        connectedTo.add(target);
        EmbeddedChannel pod = new EmbeddedChannel();
        if (refuseConnections) {
          return pod.newFailedFuture(new java.net.ConnectException("refused"));
        }
        pod.pipeline()
            .addLast(HttpStages.CODEC, PodConnector.podCodec())
            .addLast(HttpStages.POD, new PodConnection(listener));
        pods.add(pod);
        // connected once the client's read is handled, as a real connect completes later
        io.netty.channel.ChannelPromise connected = pod.newPromise();
        client.eventLoop().execute(connected::setSuccess);
        return connected;
      }

      @Override
      public ChannelFuture bytes(Channel client, String target) {
        EmbeddedChannel pod = new EmbeddedChannel();
        pods.add(pod);
        return pod.newSucceededFuture();
      }
    };
  }

  /** A client connection with the whole HTTP pipeline. */
  EmbeddedChannel client() {
    EmbeddedChannel client = new EmbeddedChannel();
    HttpStages.install(client.pipeline(), context());
    return client;
  }

  EmbeddedChannel lastPod() {
    return pods.get(pods.size() - 1);
  }

  static ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  /** Everything a channel wrote so far, as text. */
  static String written(EmbeddedChannel channel) {
    StringBuilder out = new StringBuilder();
    for (Object msg; (msg = channel.readOutbound()) != null; ) {
      if (msg instanceof ByteBuf b) {
        out.append(b.toString(StandardCharsets.ISO_8859_1));
        b.release();
      }
    }
    return out.toString();
  }
}
