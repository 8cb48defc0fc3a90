package io.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The routing stage: refuses a request that cannot be read or names its host ambiguously (400),
 * finds the route of its Host, and answers itself when no pod answers there (404) or the pod is not
 * AVAILABLE (503, naming its status), unless the pod sleeps: then the request goes on through the
 * gate to be woken ({@link Wake}). A routed request goes on as a {@link ProxiedRequest}. The {@link
 * WakeStage} joins a connection's pipeline only when one of its requests finds a sleeping pod:
 * requests to running pods never pass through it.
 */
final class HostRouting extends RequestStage {
  private final RouteResolver routes;
  private final ProxyMetrics metrics;
  private final ProxyPages pages;
  private final Supplier<WakeStage> wakeStage;

  HostRouting(RouteResolver routes, ProxyMetrics metrics) {
    this(routes, metrics, null, null);
  }

  /**
   * @param pages the browser's pages for unknown and unavailable pods; null for plain pages only
   * @param wakeStage makes the stage that wakes sleeping pods for their requests; null when this
   *     proxy does not wake them
   */
  HostRouting(
      RouteResolver routes, ProxyMetrics metrics, ProxyPages pages, Supplier<WakeStage> wakeStage) {
    super(InputPause.Reason.ROUTE_LOOKUP);
    this.wakeStage = wakeStage;
    this.routes = routes;
    this.metrics = metrics;
    this.pages = pages;
  }

  @Override
  boolean isRequest(Object msg) {
    return msg instanceof HttpRequest;
  }

  @Override
  void onRequest(ChannelHandlerContext ctx, Object msg) {
    HttpRequest request = (HttpRequest) msg;
    long start = System.nanoTime();
    if (request.decoderResult().isFailure()) {
      refuse(request, "The request could not be read as HTTP/1.1.");
      return;
    }
    Optional<String> problem = HostHeader.problem(request);
    if (problem.isPresent()) {
      refuse(request, problem.get());
      return;
    }
    String host = UrlScheme.normalizeHost(request.headers().get(HttpHeaderNames.HOST));
    if (host.isEmpty()) { // HTTP/1.0 without a Host: no pod answers there, nothing to look up
      metrics.request("http", "not_found");
      answer(
          request,
          HttpResponseStatus.NOT_FOUND,
          "The request has no Host header; pods answer only at their own host names.",
          false);
      return;
    }
    long ticket = hold();
    routes.http(
        host,
        ctx.executor(),
        route -> {
          if (current(ticket)) {
            decide(ctx, request, host, route, start);
          }
        });
  }

  private void decide(
      ChannelHandlerContext ctx, HttpRequest request, String host, Route route, long start) {
    boolean browser = pages != null && ProxyPages.isBrowser(request);
    if (route == null || !route.http()) {
      metrics.request("http", "not_found");
      if (browser) {
        answer(request, keepAlive -> pages.unknown(host, keepAlive), false);
        return;
      }
      answer(request, HttpResponseStatus.NOT_FOUND, "No pod answers at " + host + ".", false);
    } else if (!route.available() && wakeStage != null && Wake.of(route) != Wake.REFUSE) {
      if (ctx.pipeline().get(HttpStages.WAKE) == null) {
        ctx.pipeline().addAfter(HttpStages.GATE, HttpStages.WAKE, wakeStage.get());
      }
      pass(new ProxiedRequest(request, route, null, start)); // past the gate, to wake or wait
    } else if (!route.available()) {
      metrics.request("http", "unavailable");
      if (browser) {
        answer(request, keepAlive -> pages.unavailable(route, host, keepAlive), false);
        return;
      }
      answer(
          request,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "Pod "
              + route.podId()
              + " is "
              + route.status()
              + "; it answers here once it is AVAILABLE.",
          false);
    } else {
      pass(new ProxiedRequest(request, route, null, start));
    }
  }

  private void refuse(HttpRequest request, String detail) {
    metrics.request("http", "bad_request");
    answer(request, HttpResponseStatus.BAD_REQUEST, detail, true);
  }
}
