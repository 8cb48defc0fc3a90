package io.berth.proxy;

import io.berth.pods.PodWakes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the sleeping pod of a request that passed the gate ({@link Wake}): a browser gets the
 * "starting" page at once, which reloads itself into the pod once it answers; an API client's
 * request waits, with its body, until the pod is AVAILABLE and then goes on to it, or gets 503 with
 * Retry-After when that takes longer than the wake timeout. A request to a sleeping pod that its
 * caller may not wake gets the 503 a stopped pod always gave.
 */
final class WakeStage extends RequestStage {
  /** Seconds a client is told to wait before trying again. */
  private static final int RETRY_AFTER = 5;

  private final PodWaker waker;
  private final ProxyMetrics metrics;
  private final ProxyPages pages;

  WakeStage(PodWaker waker, ProxyMetrics metrics, ProxyPages pages) {
    super(InputPause.Reason.ROUTE_LOOKUP);
    this.waker = waker;
    this.metrics = metrics;
    this.pages = pages;
  }

  @Override
  boolean isRequest(Object msg) {
    return msg instanceof ProxiedRequest;
  }

  @Override
  void onRequest(ChannelHandlerContext ctx, Object msg) {
    ProxiedRequest request = (ProxiedRequest) msg;
    Wake wake = Wake.of(request.route());
    if (wake == Wake.PASS) {
      pass(request);
      return;
    }
    long ticket = hold();
    if (wake == Wake.HOLD) {
      starting(ctx, request, ticket);
      return;
    }
    waker
        .wake(request.route(), request.allowed())
        .thenAccept(result ->
            ctx.executor()
                .execute(() -> {
                  if (current(ticket)) {
                    woken(ctx, request, result, ticket);
                  }
                }));
  }

  private void woken(
      ChannelHandlerContext ctx, ProxiedRequest request, PodWakes.Result result, long ticket) {
    switch (result) {
      case PodWakes.Result.Starting s -> {
        metrics.request("http", "woken");
        starting(ctx, request, ticket);
      }
      case PodWakes.Result.Refused refused -> {
        metrics.request("http", "unavailable");
        Route route = request.route();
        if (pages != null && ProxyPages.isBrowser(request.request())) {
          answer(
              request.request(),
              keepAlive -> pages.unavailable(route, route.host(), keepAlive),
              false);
          return;
        }
        answer(
            request.request(),
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "Pod " + route.podId() + " is " + route.status() + ": " + refused.reason() + ".",
            false);
      }
    }
  }

  /** The pod starts: a browser is told so, an API client waits for it. */
  private void starting(ChannelHandlerContext ctx, ProxiedRequest request, long ticket) {
    Route route = request.route();
    if (pages != null && ProxyPages.isBrowser(request.request())) {
      answer(request.request(), keepAlive -> pages.starting(route, keepAlive), false);
      return;
    }
    ScheduledFuture<?> timeout =
        ctx.executor()
            .schedule(
                () -> {
                  if (current(ticket)) {
                    timedOut(request);
                  }
                },
                waker.bound().toMillis(),
                TimeUnit.MILLISECONDS);
    waker
        .ready(route)
        .thenAccept(ready ->
            ctx.executor()
                .execute(() -> {
                  timeout.cancel(false);
                  if (!current(ticket)) {
                    return;
                  }
                  if (ready == null) {
                    timedOut(request);
                  } else {
                    pass(request.to(ready));
                  }
                }));
  }

  private void timedOut(ProxiedRequest request) {
    metrics.request("http", "wake_timeout");
    answer(
        request.request(),
        keepAlive -> {
          var res =
              ErrorPages.response(
                  HttpResponseStatus.SERVICE_UNAVAILABLE,
                  "Pod "
                      + request.route().podId()
                      + " is starting and did not answer within "
                      + waker.bound().toSeconds()
                      + " s; try again shortly.",
                  keepAlive);
          res.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER);
          return res;
        },
        false);
  }
}
