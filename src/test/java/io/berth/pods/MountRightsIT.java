package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Rights to mount, on real containers: checked at every start against the pod's mount authority (a
 * revoked user's pod, a volume made again under an old id), and needed by whoever changes what a
 * pod runs or mounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MountRightsIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "mr" + UUID.randomUUID().toString().substring(0, 6);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1,bob:secret2");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.reconciler.backoff-initial", () -> "200ms");
    registry.add("berth.runtime.stop-timeout", () -> "2s");
    registry.add("berth.proxy.port", io.berth.testing.FreePort::find);
  }

  @LocalServerPort int port;
  ApiClient api;
  String alice;
  String bob;

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
  }

  @AfterAll
  void removeContainers() {
    for (String token : new String[] {alice, bob}) {
      for (JsonNode pod : api.get("/v3/pods", token).result()) {
        api.delete("/v3/pods/" + pod.path("pod_id").asString(), token);
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
  }

  @Test
  void aRevokedUsersPodNoLongerMountsTheVolumeAtItsNextStart() {
    ok(api.post("/v3/pods/volumes", "{\"volume_id\":\"rightsvol\",\"size_limit\":10}", alice));
    grant("/v3/pods/volumes/rightsvol", "bob", "USER", alice);
    ok(api.post("/v3/pods", pod("bobmount", "rightsvol", ""), bob));
    awaitStatus("bobmount", "AVAILABLE", bob);

    ok(api.delete("/v3/pods/volumes/rightsvol/permissions/bob", alice));
    ok(api.get("/v3/pods/bobmount/restart", bob));
    awaitStatus("bobmount", "ERROR", bob);
    JsonNode failed = get("bobmount", bob);
    assertThat(failed.path("status_container").path("reason").asString())
        .contains("volume_mounts.rightsvol: user bob")
        .contains("no longer holds USER");
    assertThat(failed.path("action_logs").toString()).contains("ERROR: volume_mounts.rightsvol");
    assertThat(containers("bobmount")).isBlank();

    // with the right restored, the pod starts again
    grant("/v3/pods/volumes/rightsvol", "bob", "USER", alice);
    ok(api.get("/v3/pods/bobmount/start", bob));
    awaitStatus("bobmount", "AVAILABLE", bob);
  }

  @Test
  void aVolumeMadeAgainUnderAnOldIdIsNotMountedByTheOldPod() {
    ok(api.post("/v3/pods/volumes", "{\"volume_id\":\"reusevol\",\"size_limit\":10}", bob));
    ok(api.post("/v3/pods", pod("bobold", "reusevol", ",\"status_requested\":\"OFF\""), bob));
    awaitStatus("bobold", "STOPPED", bob);
    ok(api.delete("/v3/pods/volumes/reusevol", bob));
    ok(api.post("/v3/pods/volumes", "{\"volume_id\":\"reusevol\",\"size_limit\":10}", alice));

    ok(api.get("/v3/pods/bobold/start", bob));
    awaitStatus("bobold", "ERROR", bob);
    assertThat(get("bobold", bob).path("status_container").path("reason").asString())
        .contains("volume_mounts.reusevol: user bob");
    assertThat(containers("bobold")).isBlank();
  }

  @Test
  void changingWhatAPodRunsNeedsTheMountLevelOnItsVolumes() {
    ok(api.post("/v3/pods/volumes", "{\"volume_id\":\"privvol\",\"size_limit\":10}", alice));
    ok(api.post("/v3/pods", pod("alicepod", "privvol", ",\"status_requested\":\"OFF\""), alice));
    grant("/v3/pods/alicepod", "bob", "USER", alice);

    String reads = "{\"command\":[\"/bin/sh\",\"-c\",\"cat /www/* > /dev/stderr\"]}";
    for (String change :
        new String[] {
          reads,
          "{\"environment_variables\":{\"X\":\"1\"}}",
          "{\"pod_template\":\"localhost/berth-test/other:1\"}",
          "{\"volume_mounts\":{\"privvol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/x\"}}}"
        }) {
      Reply refused = api.put("/v3/pods/alicepod", change, bob);
      assertThat(refused.status()).as(change + " " + refused.text()).isEqualTo(403);
      assertThat(refused.message())
          .contains("volume_mounts.privvol")
          .contains("needs USER permission on volume privvol");
    }
    assertThat(get("alicepod", alice).path("command").toString()).isEqualTo("[]");
    // what does not change what runs or mounts stays open to USER
    ok(api.put("/v3/pods/alicepod", "{\"description\":\"bob was here\"}", bob));

    // with USER on the volume bob may, and the pod's mounts then stand on bob's right
    grant("/v3/pods/volumes/privvol", "bob", "USER", alice);
    ok(api.put("/v3/pods/alicepod", reads.replace("cat /www/* > /dev/stderr", "sleep 1000"), bob));
    ok(api.delete("/v3/pods/volumes/privvol/permissions/bob", alice));
    ok(api.get("/v3/pods/alicepod/start", alice));
    awaitStatus("alicepod", "ERROR", alice);
    assertThat(get("alicepod", alice).path("status_container").path("reason").asString())
        .contains("user bob");
    // alice sets what it runs again: her right stands, and it starts
    ok(
        api.put(
            "/v3/pods/alicepod",
            "{\"command\":[\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"5000\",\"-h\",\"/www\"]}",
            alice));
    ok(api.get("/v3/pods/alicepod/start", alice));
    awaitStatus("alicepod", "AVAILABLE", alice);
  }

  static String pod(String id, String volume, String extra) {
    return "{\"pod_id\":\""
        + id
        + "\",\"pod_template\":\""
        + TestImages.BUSYBOX_HTTPD
        + "\",\"volume_mounts\":{\""
        + volume
        + "\":{\"type\":\"tapisvolume\",\"mount_path\":\"/www\"}}"
        + extra
        + "}";
  }

  void grant(String resource, String user, String level, String token) {
    ok(
        api.post(
            resource + "/permissions",
            "{\"user\":\"" + user + "\",\"level\":\"" + level + "\"}",
            token));
  }

  JsonNode get(String id, String token) {
    return api.get("/v3/pods/" + id, token).result();
  }

  void awaitStatus(String id, String status, String token) {
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () -> assertThat(get(id, token).path("status").asString()).isEqualTo(status));
  }

  String containers(String id) {
    return TestEngine.podman("ps", "-aq", "--filter", "name=berth-" + SITE + "-default-" + id);
  }

  static void ok(Reply reply) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
  }
}
