package io.berth.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's event loops: epoll on Linux when its native library loads, NIO otherwise. A client's
 * connection and its connection to the pod share one loop, so forwarding never hops threads.
 */
record ProxyEventLoops(
    EventLoopGroup group,
    Class<? extends ServerSocketChannel> serverChannel,
    Class<? extends SocketChannel> clientChannel) {

  static ProxyEventLoops create(int threads) {
    if (Epoll.isAvailable()) {
      return new ProxyEventLoops(
          new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory()),
          EpollServerSocketChannel.class,
          EpollSocketChannel.class);
    }
    return new ProxyEventLoops(
        new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory()),
        NioServerSocketChannel.class,
        NioSocketChannel.class);
  }

  String transport() {
    return serverChannel == EpollServerSocketChannel.class ? "epoll" : "nio";
  }

  void shutdown() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
