package io.berth.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.Stream;
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
 * Twenty creates of one user at once, at the edge of their quota, on a site whose lock timeout is
 * short (3 s): exactly the allowed number succeed, the rest get the quota's 403, none a 500 or a
 * lock timeout. A user's quota row is locked only while a create counts and records, not while its
 * volume's filesystem is made, so the creates do not queue behind each other's storage.
 */
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuotaRaceIT {
  static final Path home = TestDatabase.newHome();
  static final String IMAGE = "localhost/berth-test/busybox-httpd:1";
  static final int CREATES = 20;
  static final int ALLOWED = 5;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.auth.dev-users", () -> "gina:secret1,hugo:secret2,carol:secret3:admin");
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.proxy.enabled", () -> "false");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.db.lock-timeout", () -> "3s");
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String carol;

  @BeforeAll
  void setUp() {
    jdbc.sql("delete from pods").update();
    jdbc.sql("delete from volumes").update();
    jdbc.sql("delete from permissions").update();
    jdbc.sql("delete from user_quotas").update();
    api = new ApiClient(port);
    carol = api.token("carol", "secret3");
  }

  /** On PostgreSQL the database outlives this class: later classes must not inherit its quotas. */
  @AfterAll
  void forgetQuotas() {
    jdbc.sql("delete from user_quotas").update();
  }

  @Test
  void volumeCreatesAtTheQuotaEdge() throws Exception {
    assertThat(
            api.put("/v3/pods/quotas/gina", "{\"volume_mb\":" + ALLOWED * 100 + "}", carol)
                .status())
        .isEqualTo(200);
    String gina = api.token("gina", "secret1");
    List<Reply> replies =
        race(i ->
            api.post(
                "/v3/pods/volumes",
                "{\"volume_id\":\"ginavol" + i + "\",\"size_limit\":100}",
                gina));
    assertAllowedAndRefused(replies, "Quota volume_mb exceeded");
    assertThat(api.get("/v3/pods/volumes", gina).result()).hasSize(ALLOWED);
    // refused creates left no storage behind
    try (Stream<Path> storages = Files.list(home.resolve("storage"))) {
      assertThat(storages.filter(p -> p.getFileName().toString().startsWith("vol-")))
          .hasSize(ALLOWED);
    }
  }

  @Test
  void podCreatesAtTheQuotaEdge() throws Exception {
    assertThat(api.put("/v3/pods/quotas/hugo", "{\"pods\":" + ALLOWED + "}", carol).status())
        .isEqualTo(200);
    String hugo = api.token("hugo", "secret2");
    List<Reply> replies =
        race(i ->
            api.post(
                "/v3/pods",
                "{\"pod_id\":\"hugopod"
                    + i
                    + "\",\"pod_template\":\""
                    + IMAGE
                    + "\",\"status_requested\":\"OFF\"}",
                hugo));
    assertAllowedAndRefused(replies, "Quota pods exceeded");
    assertThat(api.get("/v3/pods", hugo).result()).hasSize(ALLOWED);
  }

  private static void assertAllowedAndRefused(List<Reply> replies, String refusal) {
    List<Integer> statuses = replies.stream().map(Reply::status).toList();
    assertThat(statuses).as(replies.toString()).containsOnly(200, 403);
    assertThat(statuses.stream().filter(s -> s == 200)).hasSize(ALLOWED);
    assertThat(replies.stream().filter(r -> r.status() == 403))
        .allSatisfy(r -> assertThat(r.message()).startsWith(refusal));
  }

  /** {@value #CREATES} requests released at once, each on its own thread. */
  private static List<Reply> race(IntFunction<Reply> request) {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Reply>> replies = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CREATES; i++) {
        int n = i;
        replies.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return request.apply(n);
                },
                threads));
      }
      start.countDown();
      return replies.stream().map(CompletableFuture::join).toList();
    }
  }
}
