package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.TestDatabase;
import io.berth.testing.TestEngine;
import io.berth.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14, items 3 and 5 (storage side), with real containers on Podman: a pod's data belongs to
 * that pod's life. Re-creating a pod id, by another user or the same one, gives empty storage; the
 * deleted pod's data is a volume listed to its ADMINs only, which they can attach explicitly at the
 * template's data path; a volume deleted and made again under its name is new storage, and a pod
 * still naming the old one does not start on anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorageIdentityIT {
  static final Path home = TestDatabase.newHome();
  static final String SITE = "si" + UUID.randomUUID().toString().substring(0, 6);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    TestDatabase.register(registry, home);
    registry.add("berth.site", () -> SITE);
    registry.add("berth.runtime.engine-host", TestEngine::host);
    registry.add("berth.auth.dev-users", () -> "alice:secret1,bob:secret2");
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.interval", () -> "1s");
    registry.add("berth.runtime.stop-timeout", () -> "2s");
    registry.add("berth.proxy.enabled", () -> "false");
    Path templates = Files.createDirectories(home.resolve("site-templates"));
    Files.writeString(
        templates.resolve("notes.yaml"),
        """
        name: notes
        description: busybox httpd serving its persistent data directory
        image: localhost/berth-test/busybox-httpd:1
        networking:
          default: {protocol: http, port: 5000}
        readiness: {type: http, path: /, timeout_seconds: 30}
        data_paths: [/www]
        """);
    registry.add("berth.templates.site-directory", templates::toString);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient api;
  String alice;
  String bob;

  @BeforeAll
  void setUp() {
    TestImages.busyboxHttpd();
    jdbc.sql("delete from volumes").update();
    jdbc.sql("delete from permissions").update();
    api = new ApiClient(port);
    alice = api.token("alice", "secret1");
    bob = api.token("bob", "secret2");
  }

  @AfterAll
  void removeContainers() {
    for (String token : List.of(alice, bob)) {
      for (JsonNode pod : api.get("/v3/pods", token).result()) {
        api.delete("/v3/pods/" + pod.path("pod_id").asString() + "?delete_data=true", token);
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "label=io.berth.site=" + SITE).isBlank());
  }

  String container(String id) {
    return "berth-" + SITE + "-default-" + id;
  }

  void create(String body, String token) {
    Reply reply = api.post("/v3/pods", body, token);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
  }

  void awaitStatus(String id, String status, String token) {
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() ->
            assertThat(api.get("/v3/pods/" + id, token).result().path("status").asString())
                .isEqualTo(status));
  }

  void awaitGone(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            TestEngine.podman("ps", "-aq", "--filter", "name=^" + container(id) + "$").isBlank());
  }

  String filesIn(String id) {
    return TestEngine.podman("exec", container(id), "ls", "-a", "/www");
  }

  List<String> volumeIds(String token) {
    return StreamSupport.stream(api.get("/v3/pods/volumes", token).result().spliterator(), false)
        .map(v -> v.path("volume_id").asString())
        .toList();
  }

  @Test
  void aDeletedPodsDataGoesToItsOwnerOnlyAndIsAttachedOnlyWhenAsked() {
    create("{\"pod_id\":\"notes\",\"pod_template\":\"template/notes\"}", alice);
    awaitStatus("notes", "AVAILABLE", alice);
    TestEngine.podman(
        "exec", container("notes"), "/bin/sh", "-c", "echo alice only > /www/secret.txt");
    assertThat(api.delete("/v3/pods/notes", alice).status()).isEqualTo(200);
    awaitGone("notes");

    // another user re-creates the id: empty storage
    create("{\"pod_id\":\"notes\",\"pod_template\":\"template/notes\"}", bob);
    awaitStatus("notes", "AVAILABLE", bob);
    assertThat(filesIn("notes")).doesNotContain("secret.txt");

    // the kept data is alice's volume, and only hers
    assertThat(volumeIds(alice)).contains("notesdata0");
    assertThat(volumeIds(bob)).doesNotContain("notesdata0");
    assertThat(api.get("/v3/pods/volumes/notesdata0", bob).status()).isEqualTo(404);
    Reply kept = api.get("/v3/pods/volumes/notesdata0", alice);
    assertThat(kept.result().path("description").asString()).contains("notes").contains("/www");
    assertThat(api.get("/v3/pods/volumes/notesdata0/list", alice).result().toString())
        .contains("secret.txt");
    assertThat(api.get("/v3/pods/volumes/notesdata0/permissions", alice).result().toString())
        .contains("alice:ADMIN")
        .doesNotContain("bob");

    // alice attaches it explicitly, at the template's data path, to a new pod of hers
    create(
        "{\"pod_id\":\"notesback\",\"pod_template\":\"template/notes\",\"volume_mounts\":"
            + "{\"notesdata0\":{\"type\":\"tapisvolume\",\"mount_path\":\"/www\"}}}",
        alice);
    awaitStatus("notesback", "AVAILABLE", alice);
    assertThat(TestEngine.podman("exec", container("notesback"), "cat", "/www/secret.txt"))
        .contains("alice only");

    // bob deletes his pod, which he wrote nothing to: no volume for him, and then the same user
    // re-creating an id also starts empty
    assertThat(api.delete("/v3/pods/notes", bob).status()).isEqualTo(200);
    awaitGone("notes");
    assertThat(volumeIds(bob)).isEmpty();
    create("{\"pod_id\":\"notes\",\"pod_template\":\"template/notes\"}", bob);
    awaitStatus("notes", "AVAILABLE", bob);
    TestEngine.podman("exec", container("notes"), "/bin/sh", "-c", "echo bob > /www/bob.txt");
    assertThat(api.delete("/v3/pods/notes", bob).status()).isEqualTo(200);
    awaitGone("notes");
    create("{\"pod_id\":\"notes\",\"pod_template\":\"template/notes\"}", bob);
    awaitStatus("notes", "AVAILABLE", bob);
    assertThat(filesIn("notes")).doesNotContain("bob.txt").doesNotContain("secret.txt");
    assertThat(volumeIds(bob)).containsExactly("notesdata0v2");

    // the kept volume is deleted like any other, once no running pod mounts it
    assertThat(api.delete("/v3/pods/volumes/notesdata0", alice).status()).isEqualTo(409);
    api.delete("/v3/pods/notesback?delete_data=true", alice);
    awaitGone("notesback");
    assertThat(api.delete("/v3/pods/volumes/notesdata0", alice).status()).isEqualTo(200);
    assertThat(volumeIds(alice)).doesNotContain("notesdata0");
  }

  @Test
  void aVolumeMadeAgainUnderItsNameIsNewStorageAndOldMountsDoNotStartOnIt() {
    assertThat(api.post("/v3/pods/volumes", "{\"volume_id\":\"labbook\"}", alice).status())
        .isEqualTo(200);
    create(
        "{\"pod_id\":\"labreader\",\"pod_template\":\""
            + TestImages.BUSYBOX_HTTPD
            + "\",\"volume_mounts\":{\"labbook\":{\"type\":\"tapisvolume\",\"mount_path\":\"/www\"}}}",
        alice);
    awaitStatus("labreader", "AVAILABLE", alice);
    TestEngine.podman(
        "exec", container("labreader"), "/bin/sh", "-c", "echo results > /www/results.txt");
    api.get("/v3/pods/labreader/stop", alice);
    awaitStatus("labreader", "STOPPED", alice);
    Path oldStorage = storageOf("labbook");
    assertThat(api.delete("/v3/pods/volumes/labbook", alice).status()).isEqualTo(200);
    // what a failed or slow delete could leave behind (a busy claim, an undeletable tree)
    try {
      Files.createDirectories(oldStorage);
      Files.writeString(oldStorage.resolve("leftover.txt"), "old");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }

    // the stopped pod named the deleted volume: it does not start on a stand-in
    api.get("/v3/pods/labreader/start", alice);
    awaitStatus("labreader", "ERROR", alice);
    assertThat(api.get("/v3/pods/labreader", alice).result().path("status_container").toString())
        .contains("volume_mounts.labbook")
        .contains("no longer exists");
    assertThat(TestEngine.podman("ps", "-aq", "--filter", "name=^" + container("labreader") + "$"))
        .isBlank();

    // a new volume under the name is new storage: nothing of the old one reaches it (that the old
    // pod, whose owner holds nothing on it, may not mount it is checked at its start: item 5's
    // permission side)
    assertThat(api.post("/v3/pods/volumes", "{\"volume_id\":\"labbook\"}", bob).status())
        .isEqualTo(200);
    assertThat(storageOf("labbook")).isNotEqualTo(oldStorage);
    assertThat(api.get("/v3/pods/volumes/labbook/list", bob).result().size()).isZero();
  }

  Path storageOf(String volumeId) {
    return home.resolve("storage")
        .resolve(
            jdbc.sql("select storage_id from volumes where volume_id = ?")
                .param(volumeId)
                .query(String.class)
                .single());
  }
}
