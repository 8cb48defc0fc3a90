package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate: open routes pass at once; gated ones wait, reading paused, for the check. */
class GateStageTest {
  final StageFixture f = new StageFixture();
  final ArrayDeque<Runnable> checks = new ArrayDeque<>();
  final List<Object> passed = new ArrayList<>();
  AccessGate.Verdict verdict = new AccessGate.Verdict.Allowed("default", "alice", "sealed");

  EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new HttpResponseEncoder(),
        new GateStage((route, credentials) -> verdict, checks::add, f.metrics),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            passed.add(msg);
            if (!(msg instanceof ProxiedRequest)) {
              ReferenceCountUtil.release(msg);
            }
          }
        });
  }

  static ProxiedRequest request(boolean gated) {
    return new ProxiedRequest(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/"),
        StageFixture.route("a.pods.localhost", "a", "AVAILABLE", gated),
        null,
        0);
  }

  @Test
  void anOpenRoutePassesAtOnce() {
    EmbeddedChannel channel = channel();
    ProxiedRequest open = request(false);
    channel.writeInbound(open);
    assertThat(passed).containsExactly(open);
    assertThat(checks).isEmpty();
  }

  @Test
  void aGatedRequestAndItsBodyWaitForTheCheckAndPassAdmitted() {
    EmbeddedChannel channel = channel();
    DefaultHttpContent part = new DefaultHttpContent(StageFixture.bytes("ab"));
    channel.writeInbound(request(true), part, LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(passed).isEmpty();
    assertThat(channel.config().isAutoRead()).isFalse();
    checks.poll().run();
    channel.runPendingTasks();
    assertThat(passed).hasSize(3);
    assertThat(((ProxiedRequest) passed.get(0)).allowed().user()).isEqualTo("alice");
    assertThat(passed.subList(1, 3)).containsExactly(part, LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void refusalsAreAnsweredHereAndTheBodyDropped() {
    verdict = new AccessGate.Verdict.NoCredentials();
    EmbeddedChannel channel = channel();
    channel.writeInbound(request(true));
    checks.poll().run();
    channel.runPendingTasks();
    channel.writeInbound(
        new DefaultHttpContent(StageFixture.bytes("ab")), LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(StageFixture.written(channel)).startsWith("HTTP/1.1 401 Unauthorized");
    assertThat(passed).isEmpty();
    verdict = new AccessGate.Verdict.Denied("user bob holds no permission on pod a");
    channel.writeInbound(request(true));
    checks.poll().run();
    channel.runPendingTasks();
    assertThat(StageFixture.written(channel))
        .startsWith("HTTP/1.1 403 Forbidden")
        .contains("user bob holds no permission on pod a");
  }
}
