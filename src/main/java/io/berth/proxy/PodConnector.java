package io.berth.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens the proxy's connections to pods, on the event loop of the client connection they serve so
 * that forwarding never hops threads.
 */
interface PodConnector {
  /** An HTTP connection to {@code host:port} whose messages go to {@code listener}. */
  ChannelFuture http(Channel client, String target, PodConnection.Listener listener);

  /** A plain byte connection to {@code host:port}, reading only once a relay joins it. */
  ChannelFuture bytes(Channel client, String target);

  /**
   * Pods' responses are read as lenient servers and browsers read them: a header line may end with
   * a bare LF (busybox httpd passes CGI output through that way). Requests from clients stay
   * strict.
   */
  static HttpClientCodec podCodec() {
    return new HttpClientCodec(
        new HttpDecoderConfig()
            .setMaxInitialLineLength(8192)
            .setMaxHeaderSize(65536)
            .setMaxChunkSize(65536)
            .setStrictLineParsing(false),
        false,
        false);
  }

  /** Connects with Netty's bootstrap, through the loops' channel type. */
  static PodConnector of(ProxyEventLoops loops, Duration connectTimeout) {
    int timeout = (int) connectTimeout.toMillis();
    return new PodConnector() {
      @Override
      public ChannelFuture http(Channel client, String target, PodConnection.Listener listener) {
        return bootstrap(client, client.isWritable())
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(HttpStages.CODEC, podCodec())
                        .addLast(HttpStages.POD, new PodConnection(listener));
                  }
                })
            .connect(address(target));
      }

      @Override
      public ChannelFuture bytes(Channel client, String target) {
        return bootstrap(client, false)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    // the relay is added once connected
                  }
                })
            .connect(address(target));
      }

      private Bootstrap bootstrap(Channel client, boolean autoRead) {
        return new Bootstrap()
            .group(client.eventLoop())
            .channel(loops.clientChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeout)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, autoRead);
      }
    };
  }

  /** {@code host:port}, resolved by the bootstrap's resolver rather than here on the loop. */
  static InetSocketAddress address(String target) {
    int colon = target.lastIndexOf(':');
    return InetSocketAddress.createUnresolved(
        target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
  }
}
