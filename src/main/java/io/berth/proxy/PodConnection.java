package io.berth.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The handler on the proxy's connection to a pod: tells the {@link Listener} (the client
 * connection's forwarder) what the pod sends and when it closes, on the event loop both share.
 */
final class PodConnection extends ChannelInboundHandlerAdapter {
  /** What the forwarder hears from its pod connection. */
  interface Listener {
    void fromPod(Channel pod, Object msg);

    void podReadComplete();

    void podWritabilityChanged(Channel pod);

    void podClosed(Channel pod);
  }

  private final Listener listener;

  PodConnection(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    listener.fromPod(ctx.channel(), msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    listener.podReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    listener.podWritabilityChanged(ctx.channel());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    listener.podClosed(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // reported to the client as 502, or as a cut response, when the channel closes
  }
}
