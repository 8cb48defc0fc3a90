package io.berth.proxy;

import io.berth.pods.PodWakes;
import io.berth.runtime.PodKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Wakes sleeping pods for the requests and connections the proxy holds, through the database (as
 * their owner's start would go, so any proxy process may do it and a burst starts the pod once),
 * and tells them when their pod answers, within {@code berth.proxy.wake-timeout}.
 */
final class PodWaker {
  /** Asks for a pod's start: {@link PodWakes#wake}. */
  interface Starter {
    PodWakes.Result wake(String tenant, String podId, String entry, PodWakes.Visitor visitor);
  }

  private final Starter starter;
  private final RouteResolver.Lookup lookup;
  private final Executor blocking;
  private final WakeWaits waits;
  private final Duration bound;

  /**
   * @param blocking where the database is written and read (never an event loop)
   */
  PodWaker(
      Starter starter,
      RouteResolver.Lookup lookup,
      Executor blocking,
      WakeWaits waits,
      Duration bound) {
    this.starter = starter;
    this.lookup = lookup;
    this.blocking = blocking;
    this.waits = waits;
    this.bound = bound;
  }

  Duration bound() {
    return bound;
  }

  /**
   * Asks for the start of the route's pod, as {@code who} passed its gate (null at an ungated
   * entry, where anyone who reaches it wakes it).
   */
  CompletableFuture<PodWakes.Result> wake(Route route, AccessGate.Verdict.Allowed who) {
    if (route.gated() && who == null) {
      return CompletableFuture.completedFuture(
          new PodWakes.Result.Refused("waking it needs a signed-in user"));
    }
    PodWakes.Visitor visitor =
        route.gated()
            ? new PodWakes.Visitor(who.user(), who.tenantAdmin())
            : PodWakes.Visitor.ANYONE;
    try {
      return CompletableFuture.supplyAsync(
              () -> starter.wake(route.tenant(), route.podId(), route.key(), visitor), blocking)
          .exceptionally(e -> new PodWakes.Result.Refused("its start could not be recorded"));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          new PodWakes.Result.Refused("the proxy is stopping"));
    }
  }

  /** The route once its pod is AVAILABLE; null past the bound or when the pod will not come. */
  CompletableFuture<Route> ready(Route route) {
    PodKey pod = new PodKey(route.tenant(), route.podId());
    if (route.http()) {
      return waits.ready("host " + route.host(), pod, () -> lookup.httpRoute(route.host()), bound);
    }
    return waits.ready("port " + route.tcpPort(), pod, () -> lookup.tcpRoute(route), bound);
  }

  /** The pod is AVAILABLE, as this process's reconciler found: what waits for it goes on now. */
  void available(PodKey pod) {
    waits.changed(pod);
  }
}
