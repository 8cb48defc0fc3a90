package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.auth.Caller;
import io.berth.pods.PodService;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.pods.VolumeMount;
import io.berth.runtime.MountSpec;
import io.berth.runtime.PodKey;
import io.berth.testing.NewPods;
import io.berth.testing.TestDatabase;
import io.berth.volumes.NewVolume;
import io.berth.volumes.VolumeService;
import io.berth.volumes.VolumeView;
import io.berth.web.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Storage belongs to one object's life (issue 14, items 3 and 5), against the fake engine: which
 * storage each container is given, what a delete keeps and for whom, and what a mount of a deleted
 * volume does at the next start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(ReconcilerIT.Fakes.class)
class StorageIdentityIT {
  static final Path home = TestDatabase.newHome();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    registry.add("berth.home", home::toString);
    registry.add("berth.reconciler.interval", () -> "200ms");
    registry.add("berth.templates.image-allowlist", () -> "localhost/test/*");
    registry.add("berth.proxy.enabled", () -> "false");
    Path templates = Files.createDirectories(home.resolve("site-templates"));
    Files.writeString(
        templates.resolve("notes.yaml"),
        """
        name: notes
        description: a web server with persistent data
        image: localhost/test/web:1
        networking:
          default: {protocol: http, port: 5000}
        data_paths: [/www]
        """);
    registry.add("berth.templates.site-directory", templates::toString);
  }

  @Autowired FakeRuntime engine;
  @Autowired PodService pods;
  @Autowired VolumeService volumes;
  @Autowired JdbcClient jdbc;

  final Caller alice = new Caller("default", "alice", Set.of());
  final Caller bob = new Caller("default", "bob", Set.of());

  void create(Caller caller, String id, Map<String, VolumeMount> mounts) {
    pods.create(caller, NewPods.of(id, "template/notes", mounts));
  }

  void awaitStatus(Caller caller, String id, PodStatus status) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(pods.get(caller, id).status()).isEqualTo(status));
  }

  /**
   * The data storage the container got, made on disk as the engine would (its files live in {@code
   * storage/<id>/data}).
   */
  String dataStorage(String id) throws IOException {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.lastSpec(new PodKey("default", id)) != null);
    MountSpec data =
        engine.lastSpec(new PodKey("default", id)).mounts().stream()
            .filter(m -> m.mountPath().equals("/www"))
            .findFirst()
            .orElseThrow();
    Files.createDirectories(home.resolve("storage").resolve(data.storageId()).resolve("data"));
    return data.storageId();
  }

  List<String> volumeIds(Caller caller) {
    return volumes.list(caller).stream().map(VolumeView::volumeId).toList();
  }

  @Test
  void aRecreatedPodGetsStorageOfItsOwnAndTheKeptDataGoesToTheOldAdminsOnly() throws Exception {
    create(alice, "journal", Map.of());
    awaitStatus(alice, "journal", PodStatus.AVAILABLE);
    String first = dataStorage("journal");
    Files.writeString(
        home.resolve("storage").resolve(first).resolve("data").resolve("diary.txt"), "private");

    pods.delete(alice, "journal", false);
    create(bob, "journal", Map.of());
    awaitStatus(bob, "journal", PodStatus.AVAILABLE);
    String second = dataStorage("journal");

    assertThat(second).isNotEqualTo(first).startsWith("pod-default-");
    assertThat(volumeIds(alice)).contains("journaldata0");
    assertThat(volumeIds(bob)).doesNotContain("journaldata0");
    assertThatThrownBy(() -> volumes.get(bob, "journaldata0"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("not found");
    VolumeView kept = volumes.get(alice, "journaldata0");
    assertThat(kept.description()).contains("journal").contains("/www").contains("alice");
    assertThat(volumes.files(alice, "journaldata0"))
        .extracting("path")
        .containsExactly("diary.txt");

    // alice takes it explicitly, at the template's data path, into a pod of her own
    create(alice, "journal2", Map.of("journaldata0", new VolumeMount("tapisvolume", "/www", "")));
    awaitStatus(alice, "journal2", PodStatus.AVAILABLE);
    assertThat(engine.lastSpec(new PodKey("default", "journal2")).mounts())
        .containsExactly(new MountSpec(first, "", "/www", false));

    // bob deletes his pod with its data: his storage goes, alice's kept data stays
    pods.delete(bob, "journal", true);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !Files.exists(home.resolve("storage").resolve(second)));
    assertThat(home.resolve("storage").resolve(first).resolve("data").resolve("diary.txt"))
        .exists();
    assertThat(volumeIds(bob)).noneMatch(id -> id.startsWith("journal"));
  }

  @Test
  void aPodThatWroteNothingLeavesNoVolumeAndItsEmptyStorageGoes() throws Exception {
    create(alice, "brief", Map.of());
    awaitStatus(alice, "brief", PodStatus.AVAILABLE);
    Path empty = home.resolve("storage").resolve(dataStorage("brief"));

    pods.delete(alice, "brief", false);

    assertThat(volumeIds(alice)).doesNotContain("briefdata0");
    await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(empty));
  }

  @Test
  void aSecondKeptCopyOfTheSameIdGetsTheNextFreeName() throws Exception {
    for (int round = 0; round < 2; round++) {
      create(alice, "twice", Map.of());
      awaitStatus(alice, "twice", PodStatus.AVAILABLE);
      Files.writeString(
          home.resolve("storage").resolve(dataStorage("twice")).resolve("data").resolve("f"), "x");
      pods.delete(alice, "twice", false);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !engine.has(new PodKey("default", "twice")));
      engine.forgetSpec(new PodKey("default", "twice"));
    }

    assertThat(volumeIds(alice)).contains("twicedata0", "twicedata0v2");
  }

  @Test
  void aMountOfAVolumeDeletedMeanwhileFailsTheStartInsteadOfMountingAnything() {
    volumes.create(alice, new NewVolume("scratch", null, 10));
    String before = storageIdOf("scratch");
    pods.create(
        alice,
        NewPods.of(
            "reader",
            "localhost/test/web:1",
            Map.of("scratch", new VolumeMount("tapisvolume", "/data", ""))));
    awaitStatus(alice, "reader", PodStatus.AVAILABLE);
    pods.requestStatus(alice, "reader", StatusRequested.OFF);
    awaitStatus(alice, "reader", PodStatus.STOPPED);
    volumes.delete(alice, "scratch");

    pods.requestStatus(alice, "reader", StatusRequested.ON);

    awaitStatus(alice, "reader", PodStatus.ERROR);
    assertThat(pods.get(alice, "reader").statusContainer().toString())
        .contains("volume_mounts.scratch")
        .contains("no longer exists");
    // a new volume of the same name is new storage, never the deleted one's
    volumes.create(bob, new NewVolume("scratch", null, 10));
    assertThat(storageIdOf("scratch")).isNotEqualTo(before).startsWith("vol-default-");
  }

  String storageIdOf(String volumeId) {
    return jdbc.sql("select storage_id from volumes where volume_id = ?")
        .param(volumeId)
        .query(String.class)
        .single();
  }
}
