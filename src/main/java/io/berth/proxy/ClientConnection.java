package io.berth.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to the proxy. Each request is routed by its Host header; the connection to
 * the pod is kept for the next request to the same pod and lives on the client's event loop. One
 * exchange is in flight at a time: whatever the client sends meanwhile (a pipelined request, body
 * read ahead of a gate check or a connect) waits in order, and reading stops until it can go on.
 * Bodies stream with back-pressure both ways; a WebSocket upgrade accepted by the pod turns the
 * connection into a byte tunnel.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
  /** The codecs' name in both pipelines: removed when the connection becomes a tunnel. */
  static final String CODEC = "http";

  private final ProxyContext px;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Channel pod;
  private String podTarget;
  private Exchange exchange;

  /** An asynchronous step (gate check, connect, the previous response) holds the input back. */
  private boolean waiting;

  /** The body of a request answered here (404, 503, 401…) is read and dropped. */
  private boolean discarding;

  private boolean tunnel;

  ClientConnection(ProxyContext px) {
    this.px = px;
  }

  /** The request in flight and how far it went. */
  private static final class Exchange {
    final Route route;
    final boolean keepAlive;
    final boolean head;
    final boolean upgrade;
    final boolean http10;
    final AccessGate.Verdict.Allowed allowed;
    final long start;
    final HttpRequest request;

    /** Sent over a kept-alive connection, which the pod may have closed just before. */
    boolean reused;

    boolean retried;
    long bodyBytes;
    boolean requestDone;
    boolean responseStarted;
    boolean informational;
    boolean upgraded;
    boolean closeAfter;
    ScheduledFuture<?> timeout;

    Exchange(HttpRequest req, Route route, AccessGate.Verdict.Allowed allowed, long start) {
      this.route = route;
      this.keepAlive = HttpUtil.isKeepAlive(req);
      this.head = HttpMethod.HEAD.equals(req.method());
      this.upgrade = ForwardingHeaders.upgradesToWebsocket(req);
      this.http10 = HttpVersion.HTTP_1_0.equals(req.protocolVersion());
      this.allowed = allowed;
      this.start = start;
      this.request = req;
    }

    /**
     * Safe to send again on a new connection when the kept-alive one closed before any answer: an
     * idempotent method without a body (RFC 9110, 9.2.2), as browsers and nginx do.
     */
    boolean retryable() {
      HttpMethod m = request.method();
      return reused
          && !retried
          && !responseStarted
          && !upgrade
          && requestDone
          && bodyBytes == 0
          && (HttpMethod.GET.equals(m)
              || HttpMethod.HEAD.equals(m)
              || HttpMethod.OPTIONS.equals(m));
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (tunnel) {
      if (msg instanceof ByteBuf b) {
        px.metrics().bytesIn(b.readableBytes());
      }
      pod.write(msg, pod.voidPromise());
      return;
    }
    if (waiting) {
      queued.add(msg);
      ctx.channel().config().setAutoRead(false); // until what is queued can go on
      return;
    }
    dispatch(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (pod != null) {
      pod.flush();
    }
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest req) {
      onRequest(req);
    }
    if (msg instanceof HttpContent content) {
      onContent(content);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(HttpRequest req) {
    long start = System.nanoTime();
    if (req.decoderResult().isFailure()) {
      answer(
          req,
          400,
          "Bad Request",
          "The request could not be read as HTTP/1.1.",
          "bad_request",
          true);
      return;
    }
    Route route =
        px.table().byHost(UrlScheme.normalizeHost(req.headers().get(HttpHeaderNames.HOST)));
    if (route == null || !route.http()) {
      String host = req.headers().get(HttpHeaderNames.HOST, "");
      answer(req, 404, "Not Found", "No pod answers at " + host + ".", "not_found", false);
      return;
    }
    if (!route.available()) {
      answer(
          req,
          503,
          "Service Unavailable",
          "Pod "
              + route.podId()
              + " is "
              + route.status()
              + "; it answers here once it is AVAILABLE.",
          "unavailable",
          false);
      return;
    }
    if (!route.gated()) {
      forward(req, route, null, start);
      return;
    }
    AccessGate.Credentials credentials = CredentialFilter.credentials(req.headers());
    hold();
    px.gateChecks()
        .execute(() -> {
          AccessGate.Verdict verdict;
          try {
            verdict = px.gate().check(route, credentials);
          } catch (RuntimeException e) {
            verdict = new AccessGate.Verdict.Denied("the access check failed");
          }
          AccessGate.Verdict decided = verdict;
          ctx.executor().execute(() -> afterGate(req, route, decided, start));
        });
  }

  private void afterGate(HttpRequest req, Route route, AccessGate.Verdict verdict, long start) {
    switch (verdict) {
      case AccessGate.Verdict.Allowed a -> {
        release();
        forward(req, route, a, start);
      }
      case AccessGate.Verdict.NoCredentials n -> {
        release();
        answer(
            req,
            401,
            "Unauthorized",
            "This address is protected: send a Berth token (X-Tapis-Token or Authorization: Bearer).",
            "unauthorized",
            false);
      }
      case AccessGate.Verdict.Denied d -> {
        release();
        answer(req, 403, "Forbidden", "Access refused: " + d.reason() + ".", "forbidden", false);
      }
    }
    drain();
  }

  /** Sends the request to the pod, over the open connection when it goes to the same place. */
  private void forward(
      HttpRequest req, Route route, AccessGate.Verdict.Allowed allowed, long start) {
    exchange = new Exchange(req, route, allowed, start);
    ForwardingHeaders.toPod(req, clientAddress(), px.properties().tls(), exchange.upgrade);
    px.credentials().toPod(req.headers(), route, allowed);
    HttpRequest out = req;
    if (pod != null && pod.isActive() && route.target().equals(podTarget)) {
      exchange.reused = true;
      pod.write(out, pod.voidPromise());
      return;
    }
    closePod(); // forgotten first, so its closing is not taken for this exchange's pod failing
    send(exchange, out, false);
  }

  /** Connects to the exchange's pod and sends the request (and, on a retry, its empty body). */
  private void send(Exchange current, HttpRequest out, boolean withEmptyBody) {
    Route route = current.route;
    hold();
    connect(route.target())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (exchange != current) {
                    f.channel().close();
                    return;
                  }
                  if (f.isSuccess()) {
                    pod = f.channel();
                    podTarget = route.target();
                    pod.write(out, pod.voidPromise());
                    if (withEmptyBody) {
                      // a retry: the request is complete, what follows waits for its response
                      pod.write(LastHttpContent.EMPTY_LAST_CONTENT, pod.voidPromise());
                      awaitResponse(current);
                    } else {
                      release();
                    }
                  } else {
                    release();
                    podFailed(f.cause());
                  }
                  drain();
                  if (pod != null) {
                    pod.flush();
                  }
                });
  }

  private io.netty.channel.ChannelFuture connect(String target) {
    int colon = target.lastIndexOf(':');
    // resolved by the bootstrap's resolver, not here on the event loop
    InetSocketAddress address =
        InetSocketAddress.createUnresolved(
            target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    PodConnection handler = new PodConnection(this);
    return new Bootstrap()
        .group(ctx.channel().eventLoop())
        .channel(px.loops().clientChannel())
        .option(
            ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) px.properties().connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, ctx.channel().isWritable())
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(CODEC, new HttpClientCodec(8192, 65536, 65536))
                    .addLast(handler);
              }
            })
        .connect(address);
  }

  private void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (discarding || exchange == null || pod == null) {
      content.release();
      if (last) {
        discarding = false;
      }
      return;
    }
    int bytes = content.content().readableBytes();
    px.metrics().bytesIn(bytes);
    exchange.bodyBytes += bytes;
    pod.write(content, pod.voidPromise());
    if (last) {
      exchange.requestDone = true;
      awaitResponse(exchange);
      if (exchange != null) {
        hold(); // the next request waits for this response
      }
    }
    updateAutoRead();
  }

  /** The request went out in full: the pod has the response timeout to start answering. */
  private void awaitResponse(Exchange ex) {
    if (!ex.responseStarted) {
      ex.timeout =
          ctx.executor()
              .schedule(
                  () -> timedOut(ex),
                  px.properties().responseTimeout().toMillis(),
                  TimeUnit.MILLISECONDS);
    }
  }

  // ---- from the pod (called by PodConnection on this same event loop) ----

  void fromPod(Object msg) {
    Exchange ex = exchange;
    if (tunnel) {
      if (msg instanceof ByteBuf b) {
        px.metrics().bytesOut(b.readableBytes());
      }
      ctx.write(msg, ctx.voidPromise());
      return;
    }
    if (ex == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse res) {
      onResponse(ex, res);
    }
    if (msg instanceof HttpContent content) {
      onResponseContent(ex, content);
    }
  }

  private void onResponse(Exchange ex, HttpResponse res) {
    if (ex.timeout != null) {
      ex.timeout.cancel(false);
    }
    int code = res.status().code();
    if (code == 101 && ex.upgrade) {
      ex.responseStarted = true;
      ex.upgraded = true;
      res.setProtocolVersion(HttpVersion.HTTP_1_1);
      ctx.write(res, ctx.voidPromise());
      return;
    }
    if (code >= 100 && code < 200) {
      ex.informational = true; // 100 Continue and friends: the real response follows
      ForwardingHeaders.fromPod(res.headers());
      res.setProtocolVersion(HttpVersion.HTTP_1_1);
      ctx.write(res, ctx.voidPromise());
      return;
    }
    ex.responseStarted = true;
    boolean podChunked = ForwardingHeaders.chunked(res.headers());
    HttpHeaders headers = res.headers();
    ForwardingHeaders.fromPod(headers);
    CredentialFilter.fromPod(headers);
    boolean bodyless = ex.head || code == 204 || code == 304;
    boolean keepAlive = ex.keepAlive;
    if (!bodyless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      if (ex.http10) {
        keepAlive = false; // an HTTP/1.0 client reads the body until the connection closes
      } else {
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    } else if (ex.head && podChunked) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (ex.allowed != null && ex.allowed.session() != null) {
      headers.add(
          HttpHeaderNames.SET_COOKIE,
          SessionCookie.of(
              ex.allowed.session(), px.properties().sessionTtl(), px.properties().tls()));
    }
    ex.closeAfter = !keepAlive;
    res.setProtocolVersion(HttpVersion.HTTP_1_1);
    HttpUtil.setKeepAlive(res, keepAlive);
    ctx.write(res, ctx.voidPromise());
  }

  private void onResponseContent(Exchange ex, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (ex.informational) {
      content.release();
      if (last) {
        ex.informational = false;
      }
      return;
    }
    px.metrics().bytesOut(content.content().readableBytes());
    if (!last) {
      ctx.write(content, ctx.voidPromise());
      return;
    }
    if (ex.upgraded) {
      ctx.write(content, ctx.voidPromise());
      becomeTunnel();
      return;
    }
    ctx.writeAndFlush(content)
        .addListener(
            ex.closeAfter ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
    finish(ex, "proxied");
  }

  /** The pod accepted a WebSocket upgrade: from now on bytes pass both ways untouched. */
  private void becomeTunnel() {
    ctx.flush();
    tunnel = true;
    px.metrics().request("websocket", "proxied");
    exchange = null;
    waiting = false;
    ctx.pipeline().remove(CODEC);
    pod.pipeline().remove(CODEC);
    while (!queued.isEmpty()) {
      Object msg = queued.poll();
      if (msg instanceof HttpContent c) {
        pod.write(c.content(), pod.voidPromise());
      } else {
        ReferenceCountUtil.release(msg);
      }
    }
    pod.flush();
    updateAutoRead();
  }

  private void finish(Exchange ex, String outcome) {
    px.metrics().request("http", outcome);
    px.metrics().latency(ex.start);
    if (exchange == ex) {
      exchange = null;
    }
    if (!ex.requestDone) {
      // the pod answered before the body ended: the rest is dropped, and the pod's connection
      // (which still expects it) is not reused
      discarding = true;
      closePod();
    }
    release();
    drain();
  }

  void podWritabilityChanged() {
    updateAutoRead();
  }

  void podClosed(Channel channel) {
    if (channel != pod) {
      return;
    }
    pod = null;
    podTarget = null;
    if (tunnel) {
      ctx.close();
      return;
    }
    Exchange ex = exchange;
    if (ex == null) {
      return;
    }
    if (ex.responseStarted) {
      px.metrics().request("http", "aborted");
      ctx.close(); // part of the response went out: the client must see it cut
      exchange = null;
    } else if (ex.retryable()) {
      ex.retried = true;
      if (ex.timeout != null) {
        ex.timeout.cancel(false);
        ex.timeout = null;
      }
      send(ex, ex.request, true);
    } else {
      podFailed(null);
      drain();
    }
  }

  private void timedOut(Exchange ex) {
    if (exchange != ex || ex.responseStarted) {
      return;
    }
    closePod();
    errorResponse(
        ex,
        504,
        "Gateway Timeout",
        "Pod " + ex.route.podId() + " did not answer in time.",
        "timeout");
    drain();
  }

  private void closePod() {
    if (pod != null) {
      Channel old = pod;
      pod = null;
      podTarget = null;
      old.close();
    }
  }

  private void podFailed(Throwable cause) {
    Exchange ex = exchange;
    if (ex == null) {
      return;
    }
    if (ex.timeout != null) {
      ex.timeout.cancel(false);
    }
    if (cause instanceof ConnectTimeoutException) {
      errorResponse(
          ex,
          504,
          "Gateway Timeout",
          "Pod " + ex.route.podId() + " did not answer in time.",
          "timeout");
    } else {
      errorResponse(
          ex,
          502,
          "Bad Gateway",
          "Pod " + ex.route.podId() + " could not be reached.",
          "bad_gateway");
    }
  }

  private void errorResponse(Exchange ex, int status, String title, String detail, String outcome) {
    exchange = null;
    if (!ex.requestDone) {
      discarding = true;
    }
    write(page(status, title, detail), ex.keepAlive && !ex.upgrade);
    px.metrics().request("http", outcome);
    px.metrics().latency(ex.start);
    release();
  }

  // ---- answers of the proxy itself ----

  private void answer(
      HttpRequest req, int status, String title, String detail, String outcome, boolean close) {
    px.metrics().request("http", outcome);
    discarding = !(req instanceof LastHttpContent);
    write(page(status, title, detail), !close && HttpUtil.isKeepAlive(req));
  }

  private static FullHttpResponse page(int status, String title, String detail) {
    byte[] body = ErrorPages.page(status, title, detail);
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return res;
  }

  private void write(FullHttpResponse res, boolean keepAlive) {
    HttpUtil.setKeepAlive(res, keepAlive);
    ctx.writeAndFlush(res)
        .addListener(
            keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
  }

  // ---- flow control ----

  // Reading is not paused merely while waiting (that costs two system calls a request with
  // epoll); it pauses when something actually has to be queued.
  private void hold() {
    waiting = true;
  }

  private void release() {
    waiting = false;
  }

  /** Handles what was read while waiting, in order, until the next wait. */
  private void drain() {
    while (!waiting && !tunnel && !queued.isEmpty()) {
      dispatch(queued.poll());
    }
    if (pod != null) {
      pod.flush();
    }
    updateAutoRead();
  }

  private void updateAutoRead() {
    boolean read =
        tunnel
            ? pod != null && pod.isWritable()
            : queued.isEmpty() && (pod == null || pod.isWritable());
    ctx.channel().config().setAutoRead(read);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (pod != null) {
      pod.config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (pod != null) {
      pod.close();
    }
    queued.forEach(ReferenceCountUtil::release);
    queued.clear();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset by the client or a TLS failure: nothing to answer
  }

  boolean clientWritable() {
    return ctx.channel().isWritable();
  }

  void flushClient() {
    ctx.flush();
  }

  private String clientAddress() {
    SocketAddress remote = ctx.channel().remoteAddress();
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : "unknown";
  }

  static HttpServerCodec serverCodec() {
    return new HttpServerCodec(8192, 65536, 65536);
  }
}
