package io.berth.proxy;

import io.berth.pods.PodRepository;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One route read from the database: for processes that answer Traefik's forwardAuth without running
 * the proxy's route table, and for the proxy when its table lacks a route or holds one not yet
 * AVAILABLE. A host names its tenant, and its first label the few pod ids that can hold it (see
 * {@link UrlScheme#podIdsFor}); should two pods claim it, the older keeps it, as in the route
 * table.
 */
@Component
class RouteLookup implements RouteResolver.Lookup {
  private final UrlScheme scheme;
  private final PodRepository pods;

  RouteLookup(UrlScheme scheme, PodRepository pods) {
    this.scheme = scheme;
    this.pods = pods;
  }

  @Override
  public Optional<Route> httpRoute(String host) {
    String normalized = UrlScheme.normalizeHost(host);
    return scheme
        .parse(normalized)
        .flatMap(parsed ->
            UrlScheme.podIdsFor(parsed.label()).stream()
                .flatMap(id -> pods.find(parsed.tenant(), id).stream())
                .flatMap(pod -> PodRoutes.of(pod, scheme, Map.of()).stream())
                .filter(r -> r.http() && r.host().equals(normalized))
                .min(Comparator.comparing(Route::created)));
  }

  @Override
  public Optional<Route> tcpRoute(Route known) {
    return pods.find(known.tenant(), known.podId()).stream()
        .flatMap(pod -> PodRoutes.of(pod, scheme, Map.of(known.key(), known.tcpPort())).stream())
        .filter(r -> r.key().equals(known.key()) && known.tcpPort().equals(r.tcpPort()))
        .findFirst();
  }
}
