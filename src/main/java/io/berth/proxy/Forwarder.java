package io.berth.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The last stage: sends a routed (and, when gated, admitted) request to its pod and the pod's
 * response back. The connection to a pod is kept for the next request to the same pod and lives on
 * the client's event loop; bodies stream with back-pressure both ways. Where the exchange is, is
 * one {@link ForwardState}; a WebSocket upgrade the pod accepts hands both connections to a {@link
 * Relay}.
 */
final class Forwarder extends ChannelInboundHandlerAdapter implements PodConnection.Listener {
  private final ProxyContext px;
  private final PodLink pod = new PodLink();
  private final HeldBody held = new HeldBody(InputPause.Reason.CONNECT);
  private ChannelHandlerContext ctx;
  private ForwardState state = ForwardState.IDLE;
  private Exchange ex;
  private PodLink.Use use;
  private long bodyBytes;
  private ScheduledFuture<?> timeout;

  /** The current exchange's networking entry, whose activity its traffic is. */
  private final ConnectionActivity activity;

  /** The client's IP address, for X-Forwarded-For (a string made once per connection). */
  private String clientAddress;

  /** Whether the client's connection, and the pod's, stay open after the response. */
  private boolean clientStays;

  private boolean podStays;

  /**
   * The head of the pod's response, held until what follows it in the same read shows the response
   * can be read: garbage right after a good head is a 502, not a 200 cut short.
   */
  private HttpResponse pendingHead;

  Forwarder(ProxyContext px) {
    this.px = px;
    this.activity = new ConnectionActivity(px.activity());
  }

  ForwardState state() {
    return state;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  // ---- from the client ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ProxiedRequest request) {
      start(request);
    } else if (msg instanceof HttpContent content) {
      onContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    touch();
    pod.flush();
  }

  private void touch() {
    activity.touch();
  }

  private void start(ProxiedRequest request) {
    if (state != ForwardState.IDLE) {
      ctx.close(); // the sequencer lets one exchange through at a time: this cannot be
      return;
    }
    ex = Exchange.of(request);
    use = PodLink.Use.NEW;
    bodyBytes = 0;
    Route route = request.route();
    HttpRequest req = request.request();
    if (route.gated() && request.allowed() == null) {
      state = ForwardState.CONNECTING; // nothing went to a pod: answered as a failed connect is
      fail(ExchangeFailure.NOT_ADMITTED);
      return;
    }
    activity.request(route);
    if (clientAddress == null) {
      clientAddress = ForwardingHeaders.clientAddress(ctx.channel()); // once per connection
    }
    ForwardingHeaders.toPod(req, clientAddress, px.properties().tls(), ex.upgrade());
    px.credentials().toPod(req.headers(), route, request.allowed());
    if (pod.carries(route.target())) {
      use = PodLink.Use.KEPT_ALIVE;
      state = ForwardState.SENDING;
      pod.write(req);
    } else {
      pod.close();
      connect();
    }
  }

  private void onContent(HttpContent content) {
    switch (state) {
      case CONNECTING -> {
        if (content.decoderResult().isFailure()) {
          content.release();
          fail(ExchangeFailure.MALFORMED_REQUEST);
        } else {
          held.add(ctx.channel(), content);
        }
      }
      case SENDING, RESPONDING_EARLY -> send(content);
      case DISCARDING -> {
        content.release();
        if (content.decoderResult().isFailure()) {
          ctx.close();
        } else if (content instanceof LastHttpContent) {
          state = ForwardState.IDLE;
        }
      }
      default -> content.release(); // no request body is expected now
    }
  }

  private void send(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      fail(ExchangeFailure.MALFORMED_REQUEST);
      return;
    }
    int bytes = content.content().readableBytes();
    px.metrics().bytesIn(bytes);
    bodyBytes += bytes;
    pod.write(content);
    if (content instanceof LastHttpContent) {
      state = state == ForwardState.SENDING ? ForwardState.AWAITING : ForwardState.RESPONDING;
      if (state == ForwardState.AWAITING) {
        armTimeout();
      }
    } else if (!pod.writable()) {
      InputPause.of(ctx.channel()).pause(InputPause.Reason.POD_BUSY);
    }
  }

  // ---- the pod connection ----

  private void connect() {
    Exchange current = ex;
    state = ForwardState.CONNECTING;
    String target = current.proxied().route().target();
    px.connector()
        .http(ctx.channel(), target, this)
        .addListener((ChannelFutureListener) f -> connected(current, target, f));
  }

  private void connected(Exchange current, String target, ChannelFuture f) {
    if (ex != current || state != ForwardState.CONNECTING) {
      f.channel().close();
      return;
    }
    if (!f.isSuccess()) {
      fail(
          f.cause() instanceof ConnectTimeoutException
              ? ExchangeFailure.TOO_SLOW
              : ExchangeFailure.UNREACHABLE);
      return;
    }
    pod.attach(f.channel(), target);
    pod.write(current.proxied().request());
    if (use == PodLink.Use.RETRY) {
      pod.write(LastHttpContent.EMPTY_LAST_CONTENT);
      state = ForwardState.AWAITING;
      armTimeout();
    } else {
      state = ForwardState.SENDING;
      held.passOn(
          ctx.channel(),
          this::send,
          () -> state == ForwardState.SENDING || state == ForwardState.RESPONDING_EARLY);
    }
    pod.flush();
  }

  @Override
  public void fromPod(Channel from, Object msg) {
    if (!pod.is(from)) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof HttpResponse response) {
      onResponse(response);
      if (msg instanceof HttpContent content) {
        onResponseContent(content);
      }
    } else if (msg instanceof HttpContent content) {
      onResponseContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponse(HttpResponse res) {
    if (state != ForwardState.SENDING && state != ForwardState.AWAITING) {
      pod.close(); // an answer nobody asked for: the connection cannot be trusted
      return;
    }
    if (res.decoderResult().isFailure()) {
      fail(ExchangeFailure.BAD_RESPONSE);
      return;
    }
    cancelTimeout();
    int code = res.status().code();
    if (res.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      if (code == 101 && !ex.upgrade()) {
        fail(ExchangeFailure.BAD_RESPONSE); // switching protocols nobody asked for
        return;
      }
      if (code == 101) {
        state = ForwardState.UPGRADING;
      } else {
        ForwardingHeaders.fromPod(res.headers()); // 100 Continue and friends: the real one follows
      }
      res.setProtocolVersion(HttpVersion.HTTP_1_1);
      ctx.write(res, ctx.voidPromise());
      if (state == ForwardState.AWAITING) {
        armTimeout();
      }
      return;
    }
    podStays = HttpUtil.isKeepAlive(res);
    clientStays = ex.prepare(res, px.properties());
    state = state == ForwardState.SENDING ? ForwardState.RESPONDING_EARLY : ForwardState.RESPONDING;
    pendingHead = res;
  }

  private void onResponseContent(HttpContent content) {
    if (ex == null) {
      content.release(); // the rest of an invalid message already answered as 502
      return;
    }
    if (content.decoderResult().isFailure()) {
      content.release();
      fail(ExchangeFailure.BAD_RESPONSE); // a cut when the head went out already
      return;
    }
    writePendingHead();
    switch (state) {
      case SENDING, AWAITING -> ctx.write(content, ctx.voidPromise()); // the end of a 1xx
      case UPGRADING -> {
        ctx.write(content, ctx.voidPromise());
        if (content instanceof LastHttpContent) {
          becomeTunnel();
        }
      }
      case RESPONDING, RESPONDING_EARLY -> {
        px.metrics().bytesOut(content.content().readableBytes());
        if (content instanceof LastHttpContent) {
          finishResponse(content);
        } else {
          ctx.write(content, ctx.voidPromise());
        }
      }
      default -> content.release();
    }
  }

  private void writePendingHead() {
    if (pendingHead != null) {
      ctx.write(pendingHead, ctx.voidPromise());
      pendingHead = null;
    }
  }

  private void finishResponse(HttpContent last) {
    boolean requestEnded = state == ForwardState.RESPONDING;
    boolean close = !clientStays;
    px.metrics().request("http", "proxied");
    px.metrics().latency(ex.proxied().start());
    if (!requestEnded || !podStays) {
      // the pod closes it, or it still expects the rest of a body the client will not send
      pod.close();
    }
    finishExchange(requestEnded ? ForwardState.IDLE : ForwardState.DISCARDING);
    ctx.writeAndFlush(last)
        .addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /** The pod accepted a WebSocket upgrade: from now on bytes pass both ways untouched. */
  private void becomeTunnel() {
    ctx.flush();
    px.metrics().request("websocket", "proxied");
    Channel tunnelled = pod.detach();
    finishExchange(ForwardState.IDLE);
    HttpStages.toTunnel(ctx.channel(), tunnelled, px.metrics(), activity.entry());
  }

  @Override
  public void podReadComplete() {
    touch();
    writePendingHead();
    ctx.flush();
  }

  @Override
  public void podWritabilityChanged(Channel from) {
    if (!pod.is(from)) {
      return;
    }
    if (from.isWritable()) {
      InputPause.of(ctx.channel()).resume(InputPause.Reason.POD_BUSY);
    } else if (state == ForwardState.SENDING || state == ForwardState.RESPONDING_EARLY) {
      InputPause.of(ctx.channel()).pause(InputPause.Reason.POD_BUSY);
    }
  }

  @Override
  public void podClosed(Channel from) {
    if (!pod.is(from)) {
      return;
    }
    pod.detach();
    InputPause.of(ctx.channel()).resume(InputPause.Reason.POD_BUSY);
    switch (state) {
      case SENDING, AWAITING -> {
        if (retryable()) {
          use = PodLink.Use.RETRY;
          cancelTimeout();
          connect();
        } else {
          fail(ExchangeFailure.UNREACHABLE);
        }
      }
      case RESPONDING, RESPONDING_EARLY, UPGRADING -> fail(ExchangeFailure.BAD_RESPONSE);
      default -> {
        // no exchange depends on it
      }
    }
  }

  /** A kept-alive connection closed before any answer to a complete, bodiless, safe request. */
  private boolean retryable() {
    return use == PodLink.Use.KEPT_ALIVE
        && state == ForwardState.AWAITING
        && bodyBytes == 0
        && !ex.upgrade()
        && ex.idempotent();
  }

  private void armTimeout() {
    cancelTimeout();
    Exchange current = ex;
    long millis = px.properties().responseTimeout().toMillis();
    timeout = ctx.executor().schedule(() -> timedOut(current), millis, TimeUnit.MILLISECONDS);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void timedOut(Exchange current) {
    if (ex == current && state == ForwardState.AWAITING) {
      fail(ExchangeFailure.TOO_SLOW);
    }
  }

  /**
   * Ends the exchange without the pod's complete response: a page in the pod's stead while nothing
   * of a response went out (the connection stays when the client keeps it alive and its request can
   * still be read), else the client's connection is cut. The pod's connection closes with whatever
   * was not yet flushed to it, so a pod never receives a request the client broke off.
   */
  private void fail(ExchangeFailure failure) {
    boolean started =
        (state == ForwardState.RESPONDING
                || state == ForwardState.RESPONDING_EARLY
                || state == ForwardState.UPGRADING)
            && pendingHead == null;
    boolean requestEnded =
        state == ForwardState.AWAITING
            || state == ForwardState.RESPONDING
            || (state == ForwardState.CONNECTING && (use == PodLink.Use.RETRY || held.ended()));
    boolean keepAlive =
        ex.keepAlive() && !ex.upgrade() && failure != ExchangeFailure.MALFORMED_REQUEST;
    String podId = ex.podId();
    pod.close();
    px.metrics().request("http", started ? ExchangeFailure.CUT.outcome : failure.outcome);
    px.metrics().latency(ex.proxied().start());
    finishExchange(requestEnded ? ForwardState.IDLE : ForwardState.DISCARDING);
    if (started || failure == ExchangeFailure.CUT) {
      ctx.close();
    } else {
      ErrorPages.send(ctx, failure.status, failure.detail(podId), keepAlive);
    }
  }

  private void finishExchange(ForwardState next) {
    cancelTimeout();
    pendingHead = null;
    held.release(ctx.channel());
    InputPause.of(ctx.channel()).resume(InputPause.Reason.POD_BUSY);
    ex = null;
    state = next;
  }

  // ---- the client connection ----

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    pod.autoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimeout();
    pod.close();
    held.release(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset by the client or a TLS failure: nothing to answer
  }
}
