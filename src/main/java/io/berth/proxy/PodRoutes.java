package io.berth.proxy;

import io.berth.pods.ContainerStatus;
import io.berth.pods.Pod;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.templates.Networking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The routes of one pod: one per networking entry that is not local_only. */
final class PodRoutes {
  private PodRoutes() {}

  /**
   * @param tcpPorts the pod's tcp and postgres ports by networking key
   */
  static List<Route> of(Pod pod, UrlScheme scheme, Map<String, Integer> tcpPorts) {
    ContainerStatus container = pod.observed().container();
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, Networking> e : pod.definition().networking().entrySet()) {
      Networking n = e.getValue();
      if (n.isLocalOnly()) {
        continue;
      }
      routes.add(
          new Route(
              scheme.host(pod.tenant(), pod.podId(), e.getKey()),
              pod.tenant(),
              pod.podId(),
              e.getKey(),
              n.protocol(),
              status(pod),
              container.endpoint(n.port()).orElse(null),
              Boolean.TRUE.equals(n.tapisAuth()),
              n.tapisAuthAllowedUsers() == null ? List.of("*") : n.tapisAuthAllowedUsers(),
              n.isHttp() ? null : tcpPorts.get(e.getKey()),
              n.tapisAuthResponseHeaders(),
              pod.creationTs(),
              container.reason(),
              n.clients(),
              n.tapisAuthReturnPath(),
              CorsPolicy.of(n),
              Wake.Rule.of(
                  pod.definition().wakeOnConnect(),
                  pod.observed().stopReason(),
                  pod.definition().idleTimeout())));
    }
    return routes;
  }

  /**
   * The pod's status, but STOPPING for an AVAILABLE pod Berth was asked to stop: its container may
   * be gone any moment, so traffic is not sent to it (a pod that wakes is woken again instead).
   */
  static String status(Pod pod) {
    if (pod.status() == PodStatus.AVAILABLE && pod.statusRequested() == StatusRequested.OFF) {
      return Wake.STOPPING;
    }
    return pod.status().text();
  }
}
