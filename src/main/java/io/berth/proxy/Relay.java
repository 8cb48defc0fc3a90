package io.berth.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.function.LongConsumer;

/**
 * Bytes passed both ways untouched between two connections on one event loop, as a WebSocket tunnel
 * after the pod accepted the upgrade and as a tcp or postgres route: each side reads only while the
 * other takes more, and when either closes the other is flushed and closed.
 */
final class Relay extends ChannelInboundHandlerAdapter {
  static final String NAME = "relay";

  private final Channel peer;
  private final LongConsumer bytes;
  private final PodActivity.Entry activity;

  private Relay(Channel peer, LongConsumer bytes, PodActivity.Entry activity) {
    this.peer = peer;
    this.bytes = bytes;
    this.activity = activity;
  }

  /**
   * Joins two connections; {@code aToB} and {@code bToA} count the bytes each way. Either side may
   * have closed already: then the other closes too.
   */
  static void join(Channel a, Channel b, LongConsumer aToB, LongConsumer bToA) {
    join(a, b, aToB, bToA, null);
  }

  /**
   * Joins two connections whose traffic, either way, is {@code activity} of the pod's entry (one
   * clock read per read batch); the connection counts as open there until {@code a} closes.
   */
  static void join(
      Channel a, Channel b, LongConsumer aToB, LongConsumer bToA, PodActivity.Entry activity) {
    a.pipeline().addLast(NAME, new Relay(b, aToB, activity));
    b.pipeline().addLast(NAME, new Relay(a, bToA, activity));
    if (activity != null) {
      activity.opened();
      a.closeFuture().addListener(f -> activity.closed());
    }
    if (!a.isActive() || !b.isActive()) {
      closeAfterFlush(a);
      closeAfterFlush(b);
      return;
    }
    a.config().setAutoRead(b.isWritable());
    b.config().setAutoRead(a.isWritable());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      bytes.accept(b.readableBytes());
    }
    peer.write(msg, peer.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (activity != null) {
      activity.touch();
    }
    peer.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    peer.config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeAfterFlush(peer);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close(); // nothing either way for the idle timeout
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset on either side ends the relay
  }

  private static void closeAfterFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }
}
