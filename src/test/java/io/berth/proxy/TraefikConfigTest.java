package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TraefikConfigTest {
  final UrlScheme scheme =
      UrlScheme.of(UrlSchemeTest.properties(null), "default", List.of("default", "science"));

  Route route(String tenant, String key, String protocol, boolean gated, Integer port) {
    return Route.builder(scheme.host(tenant, "web", key), tenant, "web", key)
        .protocol(protocol)
        .target(tenant + "-host:5000")
        .gated(gated)
        .tcpPort(port)
        .authHeaders(gated ? Map.of("X-Tapis-Username", "<<tapisusername>>") : Map.of())
        .build();
  }

  JsonNode config(List<Route> routes) {
    JsonMapper json = JsonMapper.builder().build();
    JsonNode config =
        json.valueToTree(
            TraefikConfig.of(routes, List.of("web"), List.of("tcp"), "http://berth:8080"));
    TraefikSchema.assertValid(config);
    return config;
  }

  @Test
  void samePodIdInTwoTenantsGetsTwoRulesAndTwoServices() {
    JsonNode config =
        config(
            List.of(
                route("default", "default", "http", false, null),
                route("science", "default", "http", false, null),
                route("default", "db", "tcp", false, 30001),
                route("science", "db", "tcp", false, 30002)));
    JsonNode http = config.path("http").path("routers");
    assertThat(http.path("web_pods_example_org").path("rule").asString())
        .isEqualTo("Host(`web.pods.example.org`)");
    assertThat(http.path("web_science_pods_example_org").path("rule").asString())
        .isEqualTo("Host(`web.science.pods.example.org`)");
    assertThat(config.path("http").path("services").path("web_science_pods_example_org").toString())
        .contains("science-host:5000");
    JsonNode tcp = config.path("tcp").path("routers");
    assertThat(tcp.path("web-db_pods_example_org").path("rule").asString())
        .isEqualTo("HostSNI(`web-db.pods.example.org`)");
    assertThat(tcp.path("web-db_science_pods_example_org").path("rule").asString())
        .isEqualTo("HostSNI(`web-db.science.pods.example.org`)");
  }

  @Test
  void aGatedRouterAsksBerthAndItsAnswerReplacesCredentialsAndIdentityHeaders() {
    JsonNode http = config(List.of(route("science", "default", "http", true, null))).path("http");
    JsonNode router = http.path("routers").path("web_science_pods_example_org");
    assertThat(router.path("middlewares").toString())
        .isEqualTo("[\"web_science_pods_example_org-auth\"]");
    assertThat(http.path("routers").size()).isEqualTo(1); // no way around the gate
    JsonNode forwardAuth =
        http.path("middlewares").path("web_science_pods_example_org-auth").path("forwardAuth");
    assertThat(forwardAuth.path("address").asString())
        .isEqualTo("http://berth:8080/v3/pods/web.science.pods.example.org/auth");
    assertThat(forwardAuth.path("authResponseHeaders").toString())
        .isEqualTo("[\"Authorization\",\"Cookie\",\"X-Tapis-Token\",\"X-Tapis-Username\"]");
    assertThat(forwardAuth.path("addAuthCookiesToResponse").toString())
        .isEqualTo("[\"berth_session\"]");
  }

  @Test
  void anOpenRouterDropsTheTapisTokenAndSendsOtherCredentialsToBerth() {
    JsonNode http = config(List.of(route("default", "default", "http", false, null))).path("http");
    assertThat(http.path("routers").path("web_pods_example_org").path("middlewares").toString())
        .isEqualTo("[\"berth-strip-tapis-token\"]");
    JsonNode credentials = http.path("routers").path("web_pods_example_org-credentials");
    assertThat(credentials.path("rule").asString())
        .isEqualTo(
            "Host(`web.pods.example.org`) && (HeaderRegexp(`Authorization`, `(?i)^bearer\\s`)"
                + " || HeaderRegexp(`Cookie`, `(?i)(^|;\\s*)berth_`))");
    assertThat(credentials.path("middlewares").toString())
        .isEqualTo("[\"berth-strip-tapis-token\",\"web_pods_example_org-auth\"]");
    assertThat(credentials.path("service").asString()).isEqualTo("web_pods_example_org");
  }

  Route limited(Route r, List<String> allow, CorsPolicy cors) {
    return r.toBuilder().clients(io.berth.templates.IpAllowList.of(allow)).cors(cors).build();
  }

  @Test
  void theAllowListAndCorsComeAheadOfEveryOtherMiddleware() {
    CorsPolicy cors =
        new CorsPolicy(
            List.of("https://app.example.org"), List.of("GET"), List.of("X-A"), true, 60);
    JsonNode config =
        config(
            List.of(
                limited(
                    route("default", "default", "http", true, null), List.of("10.0.0.0/8"), cors),
                limited(route("default", "open", "http", false, null), List.of("192.0.2.7"), null),
                limited(
                    route("default", "db", "tcp", false, 30001), List.of("10.1.0.0/16"), null)));
    JsonNode http = config.path("http");
    assertThat(http.path("routers").path("web_pods_example_org").path("middlewares").toString())
        .isEqualTo(
            "[\"web_pods_example_org-allow\",\"web_pods_example_org-cors\","
                + "\"web_pods_example_org-auth\"]");
    assertThat(
            http.path("middlewares")
                .path("web_pods_example_org-allow")
                .path("ipAllowList")
                .path("sourceRange")
                .toString())
        .isEqualTo("[\"10.0.0.0/8\"]");
    JsonNode headers = http.path("middlewares").path("web_pods_example_org-cors").path("headers");
    assertThat(headers.path("accessControlAllowOriginList").toString())
        .isEqualTo("[\"https://app.example.org\"]");
    assertThat(headers.path("accessControlAllowCredentials").asBoolean()).isTrue();
    assertThat(headers.path("accessControlMaxAge").asInt()).isEqualTo(60);
    // an open router and its credentials twin are both behind the list
    for (String router :
        List.of("web-open_pods_example_org", "web-open_pods_example_org-credentials")) {
      assertThat(http.path("routers").path(router).path("middlewares").get(0).asString())
          .isEqualTo("web-open_pods_example_org-allow");
    }
    JsonNode tcp = config.path("tcp");
    assertThat(tcp.path("routers").path("web-db_pods_example_org").path("middlewares").toString())
        .isEqualTo("[\"web-db_pods_example_org-allow\"]");
    assertThat(
            tcp.path("middlewares")
                .path("web-db_pods_example_org-allow")
                .path("ipAllowList")
                .path("sourceRange")
                .toString())
        .isEqualTo("[\"10.1.0.0/16\"]");
  }

  @Test
  void podsThatAreNotAvailableHaveNoRouter() {
    Route stopped =
        Route.builder("web.pods.example.org", "default", "web", "default")
            .status("STOPPED")
            .gated(true)
            .build();
    assertThat(config(List.of(stopped)).isEmpty()).isTrue();
  }
}
