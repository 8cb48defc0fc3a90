package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.TestDatabase;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleting storage through the volume API deletes its claims, and only its claims. */
class ClaimStorageReleaseTest {
  static final KubernetesProperties SETTINGS = KubernetesProperties.defaults();
  MockCluster cluster;
  KubernetesClient client;
  Path home;
  ClaimStorage storage;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    client = cluster.newClient();
    home = TestDatabase.newHome();
    storage =
        new ClaimStorage(
            client,
            SETTINGS,
            "site",
            new HelperPods(client, SETTINGS, "site"),
            home.resolve("tmp"));
    for (String id :
        List.of("vol-t-a", "vol-t-ab", "pod-t-p-data0", "pod-t-p-data1", "pod-t-q-data0")) {
      storage.create(id);
    }
    client.resource(ClaimManifests.claim(SETTINGS, "other", "berth-pods", "vol-t-x")).create();
  }

  @AfterEach
  void stop() {
    storage.close();
    cluster.close();
    client.close();
  }

  @Test
  void deletingAVolumeDeletesItsClaim() {
    storage.delete("vol-t-a");
    assertThat(claims())
        .containsExactlyInAnyOrder(
            "berth-vol-t-ab",
            "berth-pod-t-p-data0",
            "berth-pod-t-p-data1",
            "berth-pod-t-q-data0",
            "berth-vol-t-x");
  }

  @Test
  void deletingAPodsDataDeletesAllItsClaims() {
    storage.deleteAll("pod-t-p-data");
    assertThat(claims())
        .containsExactlyInAnyOrder(
            "berth-vol-t-a", "berth-vol-t-ab", "berth-pod-t-q-data0", "berth-vol-t-x");
  }

  private List<String> claims() {
    return client.persistentVolumeClaims().inNamespace("berth-pods").list().getItems().stream()
        .map(PersistentVolumeClaim::getMetadata)
        .map(m -> m.getName())
        .toList();
  }
}
