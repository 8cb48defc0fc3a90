package io.berth.proxy;

import io.netty.handler.codec.http.HttpRequest;

/**
 * A client's request head once its route is known, as it travels down the pipeline; its body
 * follows as the codec's {@code HttpContent} messages.
 *
 * @param allowed who passed the gate of a gated route; null on open routes and before the gate
 * @param start when the request arrived ({@link System#nanoTime()}), for the latency metric
 */
record ProxiedRequest(
    HttpRequest request, Route route, AccessGate.Verdict.Allowed allowed, long start) {

  ProxiedRequest admitted(AccessGate.Verdict.Allowed who) {
    return new ProxiedRequest(request, route, who, start);
  }

  /** The request for its pod's route as read again (AVAILABLE now, after a wake). */
  ProxiedRequest to(Route now) {
    return new ProxiedRequest(request, now, allowed, start);
  }
}
