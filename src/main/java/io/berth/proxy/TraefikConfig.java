package io.berth.proxy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes as Traefik dynamic configuration for its HTTP provider: a Host router and a
 * load-balanced service per http entry; a HostSNI router with TLS passthrough per tcp or postgres
 * entry. Only AVAILABLE pods have a service to route to.
 */
public final class TraefikConfig {
  private TraefikConfig() {}

  public static Map<String, Object> of(
      Collection<Route> routes, List<String> entryPoints, List<String> tcpEntryPoints) {
    Map<String, Object> httpRouters = new LinkedHashMap<>();
    Map<String, Object> httpServices = new LinkedHashMap<>();
    Map<String, Object> tcpRouters = new LinkedHashMap<>();
    Map<String, Object> tcpServices = new LinkedHashMap<>();
    for (Route r : routes) {
      if (!r.available()) {
        continue;
      }
      String name = r.tenant() + "-" + r.podId() + "-" + r.key();
      if (r.http()) {
        httpRouters.put(
            name,
            Map.of(
                "rule", "Host(`" + r.host() + "`)",
                "service", name,
                "entryPoints", entryPoints));
        httpServices.put(
            name,
            Map.of(
                "loadBalancer", Map.of("servers", List.of(Map.of("url", "http://" + r.target())))));
      } else {
        tcpRouters.put(
            name,
            Map.of(
                "rule",
                "HostSNI(`" + r.host() + "`)",
                "service",
                name,
                "entryPoints",
                tcpEntryPoints,
                "tls",
                Map.of("passthrough", true)));
        tcpServices.put(
            name,
            Map.of("loadBalancer", Map.of("servers", List.of(Map.of("address", r.target())))));
      }
    }
    Map<String, Object> config = new LinkedHashMap<>();
    if (!httpRouters.isEmpty()) {
      config.put("http", Map.of("routers", httpRouters, "services", httpServices));
    }
    if (!tcpRouters.isEmpty()) {
      config.put("tcp", Map.of("routers", tcpRouters, "services", tcpServices));
    }
    return config;
  }
}
