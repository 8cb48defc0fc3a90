package io.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The proxy's connection to a pod: hands everything back to the client connection it serves. */
final class PodConnection extends ChannelInboundHandlerAdapter {
  private final ClientConnection client;

  PodConnection(ClientConnection client) {
    this.client = client;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    client.fromPod(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    client.flushClient();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    client.podWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    client.podClosed(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // reported to the client as 502, or as a cut response, when the channel closes
  }
}
