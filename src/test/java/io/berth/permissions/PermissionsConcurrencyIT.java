package io.berth.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ApiOnlyIT;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Permission changes racing through the API, on H2 and PostgreSQL: two ADMINs lowering each other
 * at once never leave a resource without an ADMIN, and concurrent grants to one new user never
 * collide on its row.
 */
class PermissionsConcurrencyIT extends ApiOnlyIT {

  ApiClient api;
  String alice;
  String bob;
  final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeAll
  void setUp() {
    jdbc.sql("delete from pods").update();
    jdbc.sql("delete from volumes").update();
    jdbc.sql("delete from permissions").update();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
  }

  @AfterAll
  void tearDown() {
    threads.close();
  }

  @Test
  void twoAdminsLoweringEachOtherLeaveAnAdmin() {
    String pod = "/v3/pods/tugpod";
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"tugpod\",\"pod_template\":\"template/jupyter\","
                        + "\"status_requested\":\"OFF\"}",
                    alice)
                .status())
        .isEqualTo(200);
    String volume = "/v3/pods/volumes/tugvol";
    assertThat(api.post("/v3/pods/volumes", "{\"volume_id\":\"tugvol\"}", alice).status())
        .isEqualTo(200);
    for (String resource : List.of(pod, volume)) {
      for (int attempt = 0; attempt < 30; attempt++) {
        grant(resource, "bob", "ADMIN", alice);
        String path = resource + "/permissions";
        List<Reply> replies =
            together(
                () -> api.post(path, "{\"user\":\"bob\",\"level\":\"USER\"}", alice),
                () -> api.post(path, "{\"user\":\"alice\",\"level\":\"USER\"}", bob));
        // one of the two wins; the other finds it is no longer ADMIN (403) or the last one (409)
        assertThat(replies).extracting(Reply::status).containsOnlyOnce(200);
        List<String> now = permissions(resource, alice, bob);
        assertThat(now).as("attempt %d on %s: %s", attempt, resource, replies).hasSize(2);
        assertThat(now.stream().filter(p -> p.endsWith(":ADMIN"))).hasSize(1);
        String admin = now.stream().filter(p -> p.endsWith(":ADMIN")).findFirst().orElseThrow();
        String other = admin.startsWith("alice") ? "bob" : "alice";
        grant(resource, other, "ADMIN", admin.startsWith("alice") ? alice : bob);
      }
      // and removals race the same way
      for (int attempt = 0; attempt < 10; attempt++) {
        List<Reply> replies =
            together(
                () -> api.delete(resource + "/permissions/bob", alice),
                () -> api.delete(resource + "/permissions/alice", bob));
        assertThat(replies).extracting(Reply::status).containsOnlyOnce(200);
        List<String> now = permissions(resource, alice, bob);
        assertThat(now).hasSize(1).allMatch(p -> p.endsWith(":ADMIN"));
        String admin = now.getFirst().startsWith("alice") ? alice : bob;
        grant(resource, now.getFirst().startsWith("alice") ? "bob" : "alice", "ADMIN", admin);
      }
    }
  }

  @Test
  void concurrentGrantsToANewUserAllSucceed() {
    assertThat(
            api.post(
                    "/v3/pods",
                    "{\"pod_id\":\"crowdpod\",\"pod_template\":\"template/jupyter\","
                        + "\"status_requested\":\"OFF\"}",
                    alice)
                .status())
        .isEqualTo(200);
    // 25 new users, each granted by 20 requests at once: 500 grants
    for (int round = 0; round < 25; round++) {
      String body = "{\"user\":\"newcomer" + round + "\",\"level\":\"READ\"}";
      List<Supplier<Reply>> grants = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        grants.add(() -> api.post("/v3/pods/crowdpod/permissions", body, alice));
      }
      List<Reply> replies = together(grants);
      assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(200));
    }
    assertThat(api.get("/v3/pods/crowdpod/permissions", alice).result().path("permissions"))
        .hasSize(26);
  }

  void grant(String resource, String user, String level, String token) {
    Reply reply =
        api.post(
            resource + "/permissions",
            "{\"user\":\"" + user + "\",\"level\":\"" + level + "\"}",
            token);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
  }

  /** The resource's permissions, read by whichever of the two may still read them. */
  List<String> permissions(String resource, String... tokens) {
    for (String token : tokens) {
      Reply reply = api.get(resource + "/permissions", token);
      if (reply.status() == 200) {
        List<String> list = new ArrayList<>();
        reply.result().path("permissions").forEach(p -> list.add(p.asString()));
        return list;
      }
    }
    throw new AssertionError("nobody may read the permissions of " + resource);
  }

  @SafeVarargs
  final List<Reply> together(Supplier<Reply>... calls) {
    return together(List.of(calls));
  }

  /** Starts the calls at the same instant and waits for all. */
  List<Reply> together(List<Supplier<Reply>> calls) {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Reply>> running = new ArrayList<>();
    for (Supplier<Reply> call : calls) {
      running.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return call.get();
              },
              threads));
    }
    start.countDown();
    return running.stream().map(CompletableFuture::join).toList();
  }
}
