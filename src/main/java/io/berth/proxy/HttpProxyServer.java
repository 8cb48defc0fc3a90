package io.berth.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP/1.1 and WebSocket by Host header to pods' containers through the stages of {@link
 * HttpStages}: each client connection gets its own kept-alive connection to the pod on the same
 * event loop, bodies stream both ways with back-pressure, and X-Forwarded-For/Proto/Host tell the
 * pod who asked. Answers itself with 400 for a request it cannot route safely, 404 for an unknown
 * host, 503 naming the status of a pod that is not AVAILABLE, 401/403 at a closed gate, and 502/504
 * when the pod fails, answers garbage or is too slow.
 */
class HttpProxyServer {
  private static final Logger log = LoggerFactory.getLogger(HttpProxyServer.class);

  private final ProxyProperties properties;
  private final ProxyMetrics metrics;
  private Channel server;

  HttpProxyServer(ProxyProperties properties, ProxyMetrics metrics) {
    this.properties = properties;
    this.metrics = metrics;
  }

  void start(ProxyEventLoops loops, ProxyContext px) {
    SslContext tls = tlsContext();
    long idleMillis = properties.idleTimeout().toMillis();
    server =
        new ServerBootstrap()
            .group(loops.group())
            .channel(loops.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ChannelPipeline p = ch.pipeline();
                    if (tls != null) {
                      p.addLast(tls.newHandler(ch.alloc()));
                    }
                    p.addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
                    HttpStages.install(p, px);
                  }
                })
            .bind(properties.bindAddress(), properties.port())
            .syncUninterruptibly()
            .channel();
    log.info("Proxy listening on {}:{} ({})", properties.bindAddress(), port(), loops.transport());
  }

  private SslContext tlsContext() {
    if (!properties.tls()) {
      return null;
    }
    try (InputStream pem = Files.newInputStream(Path.of(properties.tlsCertificate()))) {
      X509Certificate served =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
      metrics.certificateExpiry(served.getNotAfter().toInstant());
      return SslContextBuilder.forServer(
              new File(properties.tlsCertificate()), new File(properties.tlsPrivateKey()))
          .build();
    } catch (IOException | CertificateException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "berth.proxy.tls-certificate / tls-private-key could not be loaded: " + e.getMessage(),
          e);
    }
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  void stop() {
    if (server != null) {
      server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
