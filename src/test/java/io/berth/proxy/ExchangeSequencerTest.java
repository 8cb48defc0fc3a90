package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One exchange at a time: a pipelined request waits for the response before it, in order. */
class ExchangeSequencerTest {
  final List<Object> passed = new ArrayList<>();
  final ExchangeSequencer sequencer = new ExchangeSequencer();
  final EmbeddedChannel channel =
      new EmbeddedChannel(
          sequencer,
          new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              passed.add(msg instanceof HttpRequest r ? r.uri() : msg);
              ReferenceCountUtil.release(msg);
            }
          });

  static HttpRequest get(String uri) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
  }

  void respond(HttpResponseStatus status) {
    channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, status));
    channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    channel.runPendingTasks();
    channel.releaseOutbound();
  }

  @Test
  void aPipelinedRequestWaitsForTheResponseBeforeItAndReadingPauses() {
    channel.writeInbound(
        get("/one"),
        LastHttpContent.EMPTY_LAST_CONTENT,
        get("/two"),
        LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(passed).containsExactly("/one", LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.config().isAutoRead()).isFalse();
    respond(HttpResponseStatus.OK);
    assertThat(passed)
        .containsExactly(
            "/one", LastHttpContent.EMPTY_LAST_CONTENT, "/two", LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(sequencer.phase()).isEqualTo(ExchangeSequencer.Phase.REQUEST_DONE);
  }

  @Test
  void anInformationalResponseDoesNotEndTheExchange() {
    channel.writeInbound(get("/one"), LastHttpContent.EMPTY_LAST_CONTENT, get("/two"));
    respond(HttpResponseStatus.CONTINUE);
    assertThat(passed).doesNotContain("/two");
    respond(HttpResponseStatus.OK);
    assertThat(passed).contains("/two");
  }

  @Test
  void aResponseBeforeTheBodyEndedLetsTheNextRequestWaitForTheBody() {
    channel.writeInbound(get("/one"));
    respond(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    assertThat(sequencer.phase()).isEqualTo(ExchangeSequencer.Phase.RESPONSE_DONE);
    DefaultHttpContent part = new DefaultHttpContent(StageFixture.bytes("rest"));
    channel.writeInbound(part, LastHttpContent.EMPTY_LAST_CONTENT, get("/two"));
    assertThat(passed).containsExactly("/one", part, LastHttpContent.EMPTY_LAST_CONTENT, "/two");
  }
}
