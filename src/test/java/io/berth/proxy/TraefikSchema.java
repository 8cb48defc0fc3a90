package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The parts of Traefik's dynamic configuration schema (HTTP provider, Traefik 3.1+) Berth emits, as
 * its documentation describes them: only http and tcp at the top; routers with rule, service and
 * entryPoints (tcp routers with tls.passthrough); services with loadBalancer.servers of url (http)
 * or address (tcp); every router's service and middlewares defined; middlewares are forwardAuth
 * (address, authResponseHeaders, addAuthCookiesToResponse), headers (customRequestHeaders and the
 * accessControl* CORS fields) or ipAllowList (sourceRange; the only TCP middleware).
 */
final class TraefikSchema {
  private TraefikSchema() {}

  static void assertValid(JsonNode config) {
    assertThat(config.isObject()).isTrue();
    config.propertyNames().forEach(k -> assertThat(k).isIn("http", "tcp"));
    for (String protocol : Set.of("http", "tcp")) {
      JsonNode section = config.path(protocol);
      if (section.isMissingNode()) {
        continue;
      }
      section
          .propertyNames()
          .forEach(k -> assertThat(k).isIn("routers", "services", "middlewares"));
      JsonNode services = section.path("services");
      section
          .path("routers")
          .properties()
          .forEach(entry -> {
            JsonNode router = entry.getValue();
            router
                .propertyNames()
                .forEach(k ->
                    assertThat(k)
                        .isIn("rule", "service", "entryPoints", "tls", "middlewares", "priority"));
            assertThat(router.path("rule").asString())
                .matches(
                    protocol.equals("http")
                        ? "Host\\(`[a-z0-9.-]+`\\)( && \\(HeaderRegexp\\(`Authorization`, `[^`]+`\\)"
                            + " \\|\\| HeaderRegexp\\(`Cookie`, `[^`]+`\\)\\))?"
                        : "HostSNI\\(`[a-z0-9.-]+`\\)");
            router
                .path("middlewares")
                .forEach(m ->
                    assertThat(section.path("middlewares").has(m.asString()))
                        .as("middleware " + m + " of " + entry.getKey())
                        .isTrue());
            assertThat(router.path("entryPoints").isArray()).isTrue();
            assertThat(services.has(router.path("service").asString()))
                .as("service of " + entry.getKey())
                .isTrue();
            if (protocol.equals("tcp")) {
              assertThat(router.path("tls").path("passthrough").isBoolean()).isTrue();
            }
          });
      section
          .path("middlewares")
          .properties()
          .forEach(entry -> {
            JsonNode m = entry.getValue();
            m.propertyNames()
                .forEach(k -> assertThat(k).isIn("forwardAuth", "headers", "ipAllowList"));
            if (m.has("ipAllowList")) {
              m.path("ipAllowList")
                  .propertyNames()
                  .forEach(k -> assertThat(k).isEqualTo("sourceRange"));
              assertThat(m.path("ipAllowList").path("sourceRange").isArray()).isTrue();
            } else if (protocol.equals("tcp")) {
              throw new AssertionError("TCP middlewares are ipAllowList only: " + entry.getKey());
            } else if (m.has("forwardAuth")) {
              m.path("forwardAuth")
                  .propertyNames()
                  .forEach(k ->
                      assertThat(k)
                          .isIn("address", "authResponseHeaders", "addAuthCookiesToResponse"));
              assertThat(m.path("forwardAuth").path("address").asString())
                  .matches("https?://[^/]+/v3/pods/[a-z0-9.-]+/auth");
              assertThat(m.path("forwardAuth").path("authResponseHeaders").isArray()).isTrue();
            } else {
              m.path("headers")
                  .propertyNames()
                  .forEach(k ->
                      assertThat(k)
                          .isIn(
                              "customRequestHeaders",
                              "accessControlAllowOriginList",
                              "accessControlAllowMethods",
                              "accessControlAllowHeaders",
                              "accessControlAllowCredentials",
                              "accessControlMaxAge",
                              "addVaryHeader"));
            }
          });
      services
          .properties()
          .forEach(entry -> {
            JsonNode servers = entry.getValue().path("loadBalancer").path("servers");
            assertThat(servers.isArray() && servers.size() > 0).isTrue();
            servers.forEach(server -> {
              if (protocol.equals("http")) {
                assertThat(server.path("url").asString()).matches("https?://.+");
              } else {
                assertThat(server.path("address").asString()).matches(".+:[0-9]+");
              }
            });
          });
    }
  }
}
