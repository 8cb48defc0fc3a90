package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  static Route http(String host, String tenant, String podId, String key, Instant created) {
    return Route.builder(host, tenant, podId, key).target("10.0.0.1:5000").created(created).build();
  }

  static Route tcp(String host, String podId, int port, Instant created) {
    return Route.builder(host, "default", podId, "db")
        .protocol("tcp")
        .target("10.0.0.1:5432")
        .tcpPort(port)
        .created(created)
        .build();
  }

  final Instant older = Instant.parse("2024-01-01T00:00:00Z");
  final Instant newer = Instant.parse("2024-06-01T00:00:00Z");

  @Test
  void theOlderPodKeepsAnAddressTwoRoutesClaimWhateverTheOrder() {
    Route first = http("abc-web.pods.localhost", "default", "abc-web", "default", older);
    Route second = http("abc-web.pods.localhost", "default", "abc", "web", newer);
    RouteTable table = new RouteTable();
    for (List<Route> order : List.of(List.of(first, second), List.of(second, first))) {
      table.replaceAll(order);
      assertThat(table.byHost("abc-web.pods.localhost")).isEqualTo(first);
      assertThat(table.httpRoutes()).containsExactly(first);
    }
  }

  @Test
  void collisionsAreReportedAndTheRestKept() {
    Route keeper = tcp("db.pods.localhost", "one", 30001, older);
    Route samePort = tcp("db2.pods.localhost", "two", 30001, newer);
    Route sameSni = tcp("db.pods.localhost", "three", 30002, newer);
    Route fine = tcp("db4.pods.localhost", "four", 30003, newer);
    RouteTable.Resolved resolved = RouteTable.resolve(List.of(sameSni, fine, samePort, keeper));
    assertThat(resolved.kept()).containsExactly(keeper, fine);
    assertThat(resolved.collisions())
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).contains("older pod default/one"));
    // an http host and a tcp host of the same name do not meet (Traefik keeps them apart)
    Route web = http("db.pods.localhost", "default", "db", "default", newer);
    assertThat(RouteTable.resolve(List.of(keeper, web)).kept()).containsExactly(keeper, web);
  }
}
