package io.berth.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes as Traefik (3.1 or newer) dynamic configuration for its HTTP provider: a Host router
 * and a load-balanced service per http entry; a HostSNI router with TLS passthrough per tcp or
 * postgres entry. Only AVAILABLE pods have a service to route to; names come from host names, which
 * are unique.
 *
 * <p>Berth's credentials stop at Traefik as they do at the built-in proxy. A gated router goes
 * through a forwardAuth middleware asking Berth ({@code {forwardAuthBase}/v3/pods/{host}/auth}),
 * whose answer replaces the request's Cookie, Authorization and X-Tapis-Token (and the entry's
 * tapis_auth_response_headers) and may set the session cookie. An open router drops X-Tapis-Token;
 * requests to it that carry a bearer token or a Berth cookie match a longer (so higher-priority)
 * router that also asks Berth to remove Berth's own.
 *
 * <p>An entry's ip_allow_list becomes an ipAllowList middleware ahead of everything else (HTTP and
 * TCP), and its cors_* fields a headers middleware ahead of the access check, as in Tapis.
 */
public final class TraefikConfig {
  static final String STRIP_TAPIS_TOKEN = "berth-strip-tapis-token";
  private static final String CREDENTIALS_RULE =
      " && (HeaderRegexp(`Authorization`, `(?i)^bearer\\s`)"
          + " || HeaderRegexp(`Cookie`, `(?i)(^|;\\s*)berth_`))";
  private static final List<String> REPLACED = List.of("Authorization", "Cookie", "X-Tapis-Token");

  private TraefikConfig() {}

  public static Map<String, Object> of(
      Collection<Route> routes,
      List<String> entryPoints,
      List<String> tcpEntryPoints,
      String forwardAuthBase) {
    Map<String, Object> httpRouters = new LinkedHashMap<>();
    Map<String, Object> httpServices = new LinkedHashMap<>();
    Map<String, Object> middlewares = new LinkedHashMap<>();
    Map<String, Object> tcpRouters = new LinkedHashMap<>();
    Map<String, Object> tcpServices = new LinkedHashMap<>();
    Map<String, Object> tcpMiddlewares = new LinkedHashMap<>();
    for (Route r : routes) {
      if (!r.available()) {
        continue;
      }
      String name = r.host().replace('.', '_');
      String rule = r.http() ? "Host(`" + r.host() + "`)" : "HostSNI(`" + r.host() + "`)";
      String allow = name + "-allow";
      if (!r.http()) {
        Map<String, Object> router = new LinkedHashMap<>();
        router.put("rule", rule);
        router.put("service", name);
        router.put("entryPoints", tcpEntryPoints);
        router.put("tls", Map.of("passthrough", true));
        if (!r.clients().allowsEveryone()) {
          tcpMiddlewares.put(allow, allowList(r));
          router.put("middlewares", List.of(allow));
        }
        tcpRouters.put(name, router);
        tcpServices.put(
            name,
            Map.of("loadBalancer", Map.of("servers", List.of(Map.of("address", r.target())))));
        continue;
      }
      String auth = name + "-auth";
      middlewares.put(auth, Map.of("forwardAuth", forwardAuth(r, forwardAuthBase)));
      // the allow list first, then CORS (Traefik answers preflights there, before any check)
      List<String> first = new ArrayList<>();
      if (!r.clients().allowsEveryone()) {
        middlewares.put(allow, allowList(r));
        first.add(allow);
      }
      if (r.cors().on()) {
        middlewares.put(name + "-cors", Map.of("headers", cors(r.cors())));
        first.add(name + "-cors");
      }
      if (r.gated()) {
        httpRouters.put(name, router(rule, name, entryPoints, with(first, auth)));
      } else {
        middlewares.putIfAbsent(
            STRIP_TAPIS_TOKEN,
            Map.of("headers", Map.of("customRequestHeaders", Map.of("X-Tapis-Token", ""))));
        httpRouters.put(name, router(rule, name, entryPoints, with(first, STRIP_TAPIS_TOKEN)));
        httpRouters.put(
            name + "-credentials",
            router(
                rule + CREDENTIALS_RULE, name, entryPoints, with(first, STRIP_TAPIS_TOKEN, auth)));
      }
      httpServices.put(
          name,
          Map.of(
              "loadBalancer", Map.of("servers", List.of(Map.of("url", "http://" + r.target())))));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    if (!httpRouters.isEmpty()) {
      config.put(
          "http",
          Map.of("routers", httpRouters, "services", httpServices, "middlewares", middlewares));
    }
    if (!tcpRouters.isEmpty()) {
      Map<String, Object> tcp = new LinkedHashMap<>();
      tcp.put("routers", tcpRouters);
      tcp.put("services", tcpServices);
      if (!tcpMiddlewares.isEmpty()) {
        tcp.put("middlewares", tcpMiddlewares);
      }
      config.put("tcp", tcp);
    }
    return config;
  }

  private static Map<String, Object> router(
      String rule, String service, List<String> entryPoints, List<String> middlewares) {
    return Map.of(
        "rule", rule, "service", service, "entryPoints", entryPoints, "middlewares", middlewares);
  }

  private static List<String> with(List<String> first, String... rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }

  /** The entry's ip_allow_list as Traefik's ipAllowList middleware (HTTP and TCP alike). */
  private static Map<String, Object> allowList(Route r) {
    return Map.of("ipAllowList", Map.of("sourceRange", r.clients().entries()));
  }

  /** The entry's cors_* fields as Traefik's headers middleware. */
  private static Map<String, Object> cors(CorsPolicy cors) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("accessControlAllowOriginList", cors.origins());
    headers.put("accessControlAllowMethods", cors.methods());
    if (!cors.headers().isEmpty()) {
      headers.put("accessControlAllowHeaders", cors.headers());
    }
    headers.put("accessControlAllowCredentials", cors.credentials());
    headers.put("accessControlMaxAge", cors.maxAge());
    headers.put("addVaryHeader", true);
    return headers;
  }

  private static Map<String, Object> forwardAuth(Route r, String base) {
    List<String> replaced = new ArrayList<>(REPLACED);
    replaced.addAll(r.authHeaders().keySet());
    Map<String, Object> forwardAuth = new LinkedHashMap<>();
    forwardAuth.put("address", base + "/v3/pods/" + r.host() + "/auth");
    forwardAuth.put("authResponseHeaders", replaced);
    if (r.gated()) {
      forwardAuth.put("addAuthCookiesToResponse", List.of(ProxySessions.COOKIE));
    }
    return forwardAuth;
  }
}
