package io.berth.proxy;

import static io.berth.proxy.StageFixture.bytes;
import static io.berth.proxy.StageFixture.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routing by Host: refused when ambiguous (400), 404/503 answered here, and a pod the table has not
 * caught up with read again from the database rather than answered 404 or 503.
 */
class HostRoutingTest {
  final StageFixture f = new StageFixture();
  final List<Object> passed = new ArrayList<>();

  EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new HttpServerCodec(),
        new ExchangeSequencer(),
        new HostRouting(f.resolver(), f.metrics),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            passed.add(
                msg instanceof ProxiedRequest p
                    ? p.route().podId() + " " + p.request().uri()
                    : msg instanceof HttpContent c ? "body:" + c.content().readableBytes() : msg);
            ReferenceCountUtil.release(msg);
          }
        });
  }

  @Test
  void twoHostHeadersAreRefusedBeforeAnythingGoesOn() {
    f.table.replaceAll(
        List.of(
            StageFixture.route("a.pods.localhost", "a", "AVAILABLE", false),
            StageFixture.route("b.pods.localhost", "b", "AVAILABLE", false)));
    EmbeddedChannel channel = channel();
    channel.writeInbound(
        bytes("GET / HTTP/1.1\r\nHost: a.pods.localhost\r\nHost: b.pods.localhost\r\n\r\n"));
    assertThat(written(channel))
        .startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("2 Host headers");
    assertThat(passed).isEmpty();
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void aTargetNamingAnotherHostOrNoHostAtAllIs400() {
    f.table.replaceAll(List.of(StageFixture.route("a.pods.localhost", "a", "AVAILABLE", false)));
    for (String request :
        List.of(
            "GET http://b.pods.localhost/ HTTP/1.1\r\nHost: a.pods.localhost\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a.pods.localhost/evil\r\n\r\n")) {
      EmbeddedChannel channel = channel();
      channel.writeInbound(bytes(request));
      assertThat(written(channel)).as(request).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }
    assertThat(passed).isEmpty();
    EmbeddedChannel agreeing = channel();
    agreeing.writeInbound(
        bytes("GET http://A.pods.localhost:8081/x HTTP/1.1\r\nHost: a.pods.localhost\r\n\r\n"));
    assertThat(passed).first().isEqualTo("a http://A.pods.localhost:8081/x");
  }

  @Test
  void anUnknownHostIs404AndItsBodyIsDroppedWhileTheConnectionGoesOn() {
    f.table.replaceAll(List.of(StageFixture.route("a.pods.localhost", "a", "AVAILABLE", false)));
    EmbeddedChannel channel = channel();
    channel.writeInbound(
        bytes(
            "POST / HTTP/1.1\r\nHost: nosuch.pods.localhost\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /next HTTP/1.1\r\nHost: a.pods.localhost\r\n\r\n"));
    channel.runPendingTasks();
    assertThat(written(channel))
        .startsWith("HTTP/1.1 404 Not Found\r\n")
        .contains("nosuch.pods.localhost");
    assertThat(passed).containsExactly("a /next", "body:0");
  }

  @Test
  void anHttp10RequestWithoutHostIs404WithoutReadingTheDatabase() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(bytes("GET / HTTP/1.0\r\n\r\n"));
    assertThat(written(channel))
        .startsWith("HTTP/1.1 404 Not Found\r\n")
        .contains("no Host header");
    assertThat(passed).isEmpty();
    assertThat(f.database.reads).hasValue(0);
  }

  @Test
  void aPodTheTableHasNotCaughtUpWithIsReadAgainOncePerRefresh() {
    // the API reported AVAILABLE; the table, refreshed before, still says SPAWNER_SETUP or nothing
    f.table.replaceAll(
        List.of(StageFixture.route("a.pods.localhost", "a", "SPAWNER_SETUP", false)));
    f.database.byHost.put(
        "a.pods.localhost", StageFixture.route("a.pods.localhost", "a", "AVAILABLE", false));
    f.database.byHost.put(
        "b.pods.localhost", StageFixture.route("b.pods.localhost", "b", "AVAILABLE", false));
    EmbeddedChannel channel = channel();
    channel.writeInbound(
        bytes("GET /1 HTTP/1.1\r\nHost: a.pods.localhost\r\nConnection: close\r\n\r\n"));
    assertThat(passed).containsExactly("a /1", "body:0");
    channel = channel();
    channel.writeInbound(bytes("GET /2 HTTP/1.1\r\nHost: b.pods.localhost\r\n\r\n"));
    assertThat(passed).contains("b /2");
    channel = channel();
    channel.writeInbound(bytes("GET /3 HTTP/1.1\r\nHost: a.pods.localhost\r\n\r\n"));
    assertThat(passed).contains("a /3");
    assertThat(f.database.reads).as("one read per host until the next refresh").hasValue(2);
    // a stopped pod: 503 from what the database says, read once per refresh however often asked
    f.database.byHost.put(
        "a.pods.localhost", StageFixture.route("a.pods.localhost", "a", "STOPPED", false));
    f.table.replaceAll(List.of(StageFixture.route("a.pods.localhost", "a", "AVAILABLE", false)));
    f.table.replaceAll(List.of(StageFixture.route("a.pods.localhost", "a", "STOPPING", false)));
    for (int i = 0; i < 3; i++) {
      channel = channel();
      channel.writeInbound(bytes("GET / HTTP/1.1\r\nHost: a.pods.localhost\r\n\r\n"));
      assertThat(written(channel)).startsWith("HTTP/1.1 503").contains("STOPPED");
    }
    assertThat(f.database.reads).hasValue(3);
  }

  @Test
  void theBodyWaitsWithReadingPausedWhileTheDatabaseIsRead() {
    ArrayDeque<Runnable> reads = new ArrayDeque<>();
    f.reads = reads::add;
    f.database.byHost.put(
        "a.pods.localhost", StageFixture.route("a.pods.localhost", "a", "AVAILABLE", false));
    EmbeddedChannel channel = channel();
    channel.writeInbound(
        bytes("POST /up HTTP/1.1\r\nHost: a.pods.localhost\r\nContent-Length: 4\r\n\r\nab"));
    assertThat(passed).isEmpty();
    assertThat(channel.config().isAutoRead()).isFalse();
    reads.poll().run();
    channel.runPendingTasks();
    assertThat(passed).containsExactly("a /up", "body:2");
    assertThat(channel.config().isAutoRead()).isTrue();
    channel.writeInbound(bytes("cd"));
    assertThat(passed).containsExactly("a /up", "body:2", "body:2");
  }

  @Test
  void beyondTheBoundOfConcurrentReadsTheTableAnswers() {
    ArrayDeque<Runnable> reads = new ArrayDeque<>();
    f.reads = reads::add;
    for (int i = 0; i < 5; i++) {
      channel().writeInbound(bytes("GET / HTTP/1.1\r\nHost: n" + i + ".pods.localhost\r\n\r\n"));
    }
    assertThat(reads).hasSize(4); // the fixture's bound
  }
}
