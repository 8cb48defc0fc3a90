package io.berth.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Per-user quotas through the API: the site's defaults, a tenant admin's limits for one user, each
 * refusal a 403 naming the quota, and limits that hold when one user's requests race.
 */
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuotaApiIT {
  static final Path home = TestDatabase.newHome();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add(
        "berth.auth.dev-users",
        () -> "alice:secret1,bob:secret2,carol:secret3:admin,dave:secret4,erin:secret5");
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.proxy.enabled", () -> "false");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    // the site's default for tcp ports, from configuration
    registry.add("berth.quotas.tcp-ports", () -> "4");
  }

  static final String IMAGE = "localhost/berth-test/busybox-httpd:1";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String alice;
  String bob;
  String carol;
  String dave;
  String erin;

  /** On PostgreSQL the database outlives this class: later classes must not inherit its quotas. */
  @AfterAll
  void forgetQuotas() {
    jdbc.sql("delete from user_quotas").update();
  }

  @BeforeAll
  void setUp() {
    jdbc.sql("delete from pods").update();
    jdbc.sql("delete from volumes").update();
    jdbc.sql("delete from permissions").update();
    jdbc.sql("delete from user_quotas").update();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
    carol = api.token("carol", "secret3");
    dave = api.token("dave", "secret4");
    erin = api.token("erin", "secret5");
  }

  Reply pod(String id, String extra, String token) {
    return api.post(
        "/v3/pods",
        "{\"pod_id\":\"" + id + "\",\"pod_template\":\"" + IMAGE + "\"" + extra + "}",
        token);
  }

  static String tcpEntries(int n) {
    StringBuilder entries = new StringBuilder(",\"networking\":{");
    for (int i = 0; i < n; i++) {
      entries.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":");
      entries.append("{\"protocol\":\"tcp\",\"port\":").append(5000 + i).append("}");
    }
    return entries.append("}").toString();
  }

  @Test
  void usersSeeTheirQuotasAndOnlyTenantAdminsSetThem() {
    Reply mine = api.get("/v3/pods/quotas", bob);
    assertThat(mine.status()).as(mine.text()).isEqualTo(200);
    assertThat(mine.result().path("user").asString()).isEqualTo("bob");
    assertThat(mine.result().path("quotas").path("pods").path("limit").asLong()).isEqualTo(100);
    assertThat(mine.result().path("quotas").path("tcp_ports").path("limit").asLong()).isEqualTo(4);
    assertThat(mine.result().path("quotas").path("running_pods").path("site_default").asBoolean())
        .isTrue();
    assertThat(api.get("/v3/pods/quotas/alice", bob).status()).isEqualTo(403);
    Reply refused = api.put("/v3/pods/quotas/bob", "{\"pods\":1000}", bob);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message()).contains("tenant admins");
    assertThat(api.put("/v3/pods/quotas/bob", "{\"pods\":-1}", carol).message())
        .contains("Field pods");
    assertThat(api.put("/v3/pods/quotas/bob", "{\"colour\":1}", carol).status()).isEqualTo(400);
    Reply set = api.put("/v3/pods/quotas/bob", "{\"pods\":7}", carol);
    assertThat(set.status()).as(set.text()).isEqualTo(200);
    assertThat(
            api.get("/v3/pods/quotas/bob", carol).result().path("quotas").path("pods").toString())
        .contains("\"limit\":7")
        .contains("\"site_default\":false");
    // names that are also pod sub-paths still reach the quotas
    assertThat(api.get("/v3/pods/quotas/logs", carol).result().path("user").asString())
        .isEqualTo("logs");
  }

  @Test
  void eachQuotaRefusesWithItsName() {
    assertThat(api.put("/v3/pods/quotas/dave", "{\"pods\":3,\"running_pods\":1}", carol).status())
        .isEqualTo(200);
    assertThat(pod("davea", "", dave).status()).isEqualTo(200);
    Reply running = pod("daveb", "", dave);
    assertThat(running.status()).isEqualTo(403);
    assertThat(running.message()).startsWith("Quota running_pods exceeded: user dave holds 1 of 1");
    assertThat(pod("daveb", ",\"status_requested\":\"OFF\"", dave).status()).isEqualTo(200);
    // starting a stopped pod needs room too, whoever asks: the pod counts against its creator
    api.post("/v3/pods/daveb/permissions", "{\"user\":\"bob\",\"level\":\"USER\"}", dave);
    assertThat(api.get("/v3/pods/daveb/start", bob).message()).contains("Quota running_pods");
    assertThat(api.get("/v3/pods/davea/restart", dave).status()).isEqualTo(200);
    assertThat(api.get("/v3/pods/davea/stop", dave).status()).isEqualTo(200);
    assertThat(api.get("/v3/pods/daveb/start", bob).status()).isEqualTo(200);
    assertThat(pod("davec", ",\"status_requested\":\"OFF\"", dave).status()).isEqualTo(200);
    Reply pods = pod("daved", ",\"status_requested\":\"OFF\"", dave);
    assertThat(pods.status()).isEqualTo(403);
    assertThat(pods.message()).contains("Quota pods exceeded").contains("3 of 3");
    // deleting gives room back
    assertThat(api.delete("/v3/pods/davec", dave).status()).isEqualTo(200);
    assertThat(pod("daved", ",\"status_requested\":\"OFF\"", dave).status()).isEqualTo(200);
  }

  @Test
  void oneUserCannotTakeEveryTcpPort() {
    // the site default here is 4 tcp ports per user
    assertThat(pod("alicetcp", tcpEntries(3) + ",\"status_requested\":\"OFF\"", alice).status())
        .isEqualTo(200);
    Reply more = pod("alicetcpb", tcpEntries(2) + ",\"status_requested\":\"OFF\"", alice);
    assertThat(more.status()).isEqualTo(403);
    assertThat(more.message()).contains("Quota tcp_ports exceeded: user alice holds 3 of 4");
    // the same entries again take nothing more
    Reply update = api.put("/v3/pods/alicetcp", "{" + tcpEntries(3).substring(1) + "}", alice);
    assertThat(update.status()).as(update.text()).isEqualTo(200);
    assertThat(pod("alicetcpc", tcpEntries(1) + ",\"status_requested\":\"OFF\"", alice).status())
        .isEqualTo(200);
    Reply grow = api.put("/v3/pods/alicetcpc", "{" + tcpEntries(2).substring(1) + "}", alice);
    assertThat(grow.status()).isEqualTo(403);
    assertThat(grow.message()).contains("Quota tcp_ports exceeded: user alice holds 4 of 4");
    // other users keep their own room
    assertThat(pod("bobtcp", tcpEntries(3) + ",\"status_requested\":\"OFF\"", bob).status())
        .isEqualTo(200);
  }

  @Test
  void volumeSizesCountAgainstTheirCreator() {
    assertThat(api.put("/v3/pods/quotas/alice", "{\"volume_mb\":100}", carol).status())
        .isEqualTo(200);
    assertThat(
            api.post("/v3/pods/volumes", "{\"volume_id\":\"qvola\",\"size_limit\":60}", alice)
                .status())
        .isEqualTo(200);
    Reply second =
        api.post("/v3/pods/volumes", "{\"volume_id\":\"qvolb\",\"size_limit\":60}", alice);
    assertThat(second.status()).isEqualTo(403);
    assertThat(second.message()).contains("Quota volume_mb exceeded: user alice holds 60 of 100");
    Reply grown = api.put("/v3/pods/volumes/qvola", "{\"size_limit\":101}", alice);
    assertThat(grown.status()).isEqualTo(403);
    assertThat(api.put("/v3/pods/volumes/qvola", "{\"size_limit\":100}", alice).status())
        .isEqualTo(200);
  }

  @Test
  void racingCreatesOfOneUserStopAtTheLimit() throws Exception {
    assertThat(api.put("/v3/pods/quotas/erin", "{\"pods\":5}", carol).status()).isEqualTo(200);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Reply>> creates = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        String id = "erinpod" + i;
        creates.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return pod(id, ",\"status_requested\":\"OFF\"", erin);
                },
                threads));
      }
      start.countDown();
      List<Integer> statuses = creates.stream().map(c -> c.join().status()).toList();
      assertThat(statuses.stream().filter(s -> s == 200)).hasSize(5);
      assertThat(statuses.stream().filter(s -> s == 403)).hasSize(15);
    }
    assertThat(api.get("/v3/pods", erin).result()).hasSize(5);
  }
}
