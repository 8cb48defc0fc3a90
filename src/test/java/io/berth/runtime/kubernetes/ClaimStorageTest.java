package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.runtime.RuntimeFailure;
import io.berth.volumes.FileEntry;
import io.berth.volumes.StoragePathException;
import io.berth.volumes.VolumeStorage;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes volume storage against the mock API server and the fake kubelet, whose {@code
 * pods/exec} really runs the helper's busybox scripts in a directory per claim: bytes, paths and
 * exit codes are those a cluster would see.
 */
class ClaimStorageTest {
  static final String SITE = "site";
  static final String HELPER_IMAGE = "busybox:1.36";
  static final String NS = "berth-pods";
  static final String VOLUME = "vol-t-data";

  @TempDir Path spool;
  MockCluster cluster;
  KubernetesClient client;
  FakeKubelet kubelet;
  KubernetesProperties settings;
  ClaimStorage storage;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    client = cluster.newClient();
    kubelet = new FakeKubelet(cluster.newClient(), Set.of(HELPER_IMAGE));
    cluster.exec(kubelet::execSession);
    storage = storage(Map.of());
  }

  @AfterEach
  void stop() {
    storage.close();
    kubelet.close();
    client.close();
    cluster.close();
  }

  ClaimStorage storage(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>();
    all.put("berth.kubernetes.helper-idle", "0s");
    all.put("berth.kubernetes.helper-start-wait", "20s");
    all.putAll(extra);
    settings = KubernetesSettings.of(all);
    return new ClaimStorage(
        client, settings, SITE, new HelperPods(client, settings, SITE), spool.resolve("uploads"));
  }

  @Test
  void uploadThenListThenDownload() throws IOException {
    storage.create(VOLUME, 100);
    byte[] big = new byte[5 * 1024 * 1024 + 123];
    new Random(7).nextBytes(big);
    storage.store(VOLUME, "deep/er/big.bin", upload(big));
    storage.store(VOLUME, "hello.txt", upload("hello\n".getBytes(StandardCharsets.UTF_8)));

    List<FileEntry> files = storage.list(VOLUME);
    assertThat(files).extracting(FileEntry::path).containsExactly("deep/er/big.bin", "hello.txt");
    assertThat(files).extracting(FileEntry::size).containsExactly((long) big.length, 6L);
    assertThat(files.get(0).modificationTime()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));

    VolumeStorage.StoredFile file = storage.read(VOLUME, "deep/er/big.bin");
    assertThat(file.size()).isEqualTo(big.length);
    assertThat(file.name()).isEqualTo("big.bin");
    try (InputStream in = file.open()) {
      assertThat(in.readAllBytes()).isEqualTo(big);
    }
    assertThat(storage.usage(VOLUME)).isEqualTo(big.length + 6L);
  }

  VolumeStorage.Upload upload(byte[] bytes) {
    return new VolumeStorage.Upload() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public void writeTo(Path target) throws IOException {
        Files.write(target, bytes);
      }
    };
  }
}
