package io.berth.proxy;

import io.berth.pods.PodUrls;
import io.berth.templates.Networking;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The URLs pods are reached at through this site's proxy, and the tcp ports they hold. */
@Component
class ProxyPodUrls implements PodUrls {
  private static final long CACHE_NANOS = 10_000_000_000L;

  private final UrlScheme scheme;
  private final TcpPorts ports;
  private final HostCollisions collisions;
  private final RouteRefresher refresher;

  /** Ports change only when a pod's networking does; reading them on every GET is waste. */
  private final Map<String, CachedPorts> cache = new java.util.concurrent.ConcurrentHashMap<>();

  private record CachedPorts(Map<String, Integer> ports, long until) {}

  ProxyPodUrls(
      UrlScheme scheme, TcpPorts ports, HostCollisions collisions, RouteRefresher refresher) {
    this.scheme = scheme;
    this.ports = ports;
    this.collisions = collisions;
    this.refresher = refresher;
  }

  /** Refuses (409) an entry whose address another pod holds, then reserves the tcp ports. */
  @Override
  public void assign(String tenant, String podId, Map<String, Networking> networking) {
    collisions.check(tenant, podId, networking);
    Set<String> tcpKeys =
        networking.entrySet().stream()
            .filter(e -> isTcp(e.getValue()))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    ports.assign(tenant, podId, tcpKeys);
    cache.remove(tenant + "/" + podId);
    if (!tcpKeys.isEmpty()) {
      afterCommit(refresher::refreshSoon); // the port listens before the pod can be AVAILABLE
    }
  }

  private static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              action.run();
            }
          });
    } else {
      action.run();
    }
  }

  private Map<String, Integer> portsOf(String tenant, String podId) {
    String key = tenant + "/" + podId;
    long now = System.nanoTime();
    CachedPorts cached = cache.get(key);
    if (cached != null && now - cached.until() < 0) {
      return cached.ports();
    }
    if (cache.size() > 100_000) {
      cache.clear();
    }
    Map<String, Integer> fresh = ports.of(tenant, podId);
    cache.put(key, new CachedPorts(fresh, now + CACHE_NANOS));
    return fresh;
  }

  @Override
  public Map<String, Networking> withUrls(
      String tenant, String podId, Map<String, Networking> networking) {
    Map<String, Integer> tcp =
        networking.values().stream().anyMatch(ProxyPodUrls::isTcp)
            ? portsOf(tenant, podId)
            : Map.of();
    Map<String, Networking> result = new LinkedHashMap<>();
    networking.forEach((key, n) -> {
      if (n.isLocalOnly()) {
        result.put(key, n);
      } else if (isTcp(n)) {
        Integer port = tcp.get(key);
        result.put(key, port == null ? n : n.withUrl(scheme.tcpAddress(port)));
      } else {
        result.put(key, n.withUrl(scheme.httpUrl(tenant, podId, key)));
      }
    });
    return result;
  }

  @Override
  public Map<String, String> httpHosts(
      String tenant, String podId, Map<String, Networking> networking) {
    Map<String, String> hosts = new LinkedHashMap<>();
    networking.forEach((key, n) -> {
      if (n.isHttp()) {
        hosts.put(key, scheme.host(tenant, podId, key));
      }
    });
    return hosts;
  }

  static boolean isTcp(Networking n) {
    return "tcp".equals(n.protocol()) || "postgres".equals(n.protocol());
  }
}
