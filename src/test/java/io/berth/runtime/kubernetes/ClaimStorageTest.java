package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.runtime.storage.VolumeStorageContract;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes volume storage against the mock API server and the fake kubelet, whose {@code
 * pods/exec} really runs the helper's busybox scripts in a directory per claim: bytes, paths and
 * exit codes are those a cluster would see.
 */
class ClaimStorageTest extends VolumeStorageContract {
  static final String SITE = "site";
  static final String HELPER_IMAGE = "busybox:1.36";
  static final String NS = "berth-pods";
  static final AtomicInteger volumes = new AtomicInteger();
  // one cluster for the class, as the contract test has: each test uses storage of its own
  static MockCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;

  @TempDir Path spool;
  KubernetesProperties settings;
  ClaimStorage storage;
  String volume;

  @BeforeAll
  static void startCluster() {
    cluster = MockCluster.start();
    client = cluster.newClient();
    kubelet = new FakeKubelet(cluster.newClient(), Set.of(HELPER_IMAGE));
    cluster.exec(kubelet::execSession);
  }

  @AfterAll
  static void stopCluster() {
    // the server first: closing a watch it still serves can block its event loop for a minute
    cluster.close();
    kubelet.close();
    client.close();
  }

  @BeforeEach
  void start() {
    volume = "vol-t-v" + volumes.incrementAndGet();
    storage = storage(Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> helpers().isEmpty());
  }

  @AfterEach
  void stop() {
    storage.close();
  }

  @Override
  protected VolumeStorage storage() {
    return storage;
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
  void anUploadReplacesTheFileWholeAndLeavesNothingAside() throws IOException {
    storage.create(volume, 10);
    store(volume, "a.txt", upload("first version\n".getBytes(StandardCharsets.UTF_8)));
    store(volume, "a.txt", upload("2\n".getBytes(StandardCharsets.UTF_8)));
    try (InputStream in = storage.read(volume, "a.txt").open()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2\n");
    }
    Path dir = claimDir(volume);
    try (var left = Files.list(dir)) {
      assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("a.txt");
    }
    assertThat(storage.list(volume)).extracting(FileEntry::path).containsExactly("a.txt");
  }

  @Test
  void badPathsAreRefused() throws IOException {
    storage.create(volume, 10);
    for (String bad : List.of("../x", "/etc/passwd", "a/../../b", "./a", "a//b", "x/", "")) {
      assertThatThrownBy(() -> storage.checkPath(volume, bad))
          .isInstanceOf(StoragePathException.class);
      assertThatThrownBy(() -> store(volume, bad, upload(new byte[] {1})))
          .isInstanceOf(StoragePathException.class);
      assertThatThrownBy(() -> storage.read(volume, bad)).isInstanceOf(StoragePathException.class);
    }
    assertThatThrownBy(() -> storage.read(volume, "missing.txt"))
        .isInstanceOf(StoragePathException.class)
        .hasMessage("no file at missing.txt");
    // a pod may leave a link leading out of the claim: the helper refuses to follow it
    Path outside = Files.createTempDirectory(spool, "outside");
    Files.writeString(outside.resolve("secret"), "no");
    Files.createSymbolicLink(claimDir(volume).resolve("link"), outside);
    assertThatThrownBy(() -> storage.read(volume, "link/secret"))
        .isInstanceOf(StoragePathException.class)
        .hasMessageContaining("outside the volume");
    assertThatThrownBy(() -> store(volume, "link/new", upload(new byte[] {1})))
        .isInstanceOf(StoragePathException.class)
        .hasMessageContaining("outside the volume");
    assertThat(outside.resolve("new")).doesNotExist();
    assertThat(storage.list(volume)).isEmpty();
  }

  /**
   * Uploads take the owner and group of the claim's root with modes its user and group may write,
   * and a path at odds with the tree is a refusal naming it, not a helper failure.
   */
  @Test
  void uploadsTakeTheRootsOwnerAndConflictsAreRefused() throws IOException {
    storage.create(volume, 10);
    assertThat(storage.usage(volume)).isZero(); // a helper ran: the claim's directory exists
    Path dir = claimDir(volume);
    Files.setAttribute(dir, "unix:uid", 1000);
    Files.setAttribute(dir, "unix:gid", 1001);
    store(volume, "made/here/file.txt", upload("x".getBytes(StandardCharsets.UTF_8)));
    for (Path p : List.of(dir.resolve("made"), dir.resolve("made/here"))) {
      assertThat(Files.getAttribute(p, "unix:uid")).isEqualTo(1000);
      assertThat(Files.getAttribute(p, "unix:gid")).isEqualTo(1001);
      assertThat((Integer) Files.getAttribute(p, "unix:mode") & 07777).isEqualTo(02775);
    }
    Path file = dir.resolve("made/here/file.txt");
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(1000);
    assertThat((Integer) Files.getAttribute(file, "unix:mode") & 07777).isEqualTo(0664);
    assertThatThrownBy(() -> store(volume, "made/here/file.txt/under", upload(new byte[] {1})))
        .isInstanceOfSatisfying(
            StoragePathException.class,
            e -> assertThat(e.reason()).isEqualTo(StoragePathException.Reason.CONFLICT));
    assertThatThrownBy(() -> store(volume, "made/here", upload(new byte[] {1})))
        .isInstanceOfSatisfying(
            StoragePathException.class,
            e -> assertThat(e.reason()).isEqualTo(StoragePathException.Reason.CONFLICT));
    assertThat(storage.list(volume))
        .extracting(FileEntry::path)
        .containsExactly("made/here/file.txt");
  }

  @Test
  void aSnapshotOfAPathIsACopyThatLaterChangesDoNotReach() throws IOException {
    storage.create(volume, 100);
    store(volume, "results/one.txt", upload("one\n".getBytes(StandardCharsets.UTF_8)));
    store(volume, "other.txt", upload("other\n".getBytes(StandardCharsets.UTF_8)));

    storage.createCopy(volume, "results", "snap-t-s1", "", 50);
    store(volume, "results/one.txt", upload("changed\n".getBytes(StandardCharsets.UTF_8)));
    store(volume, "results/two.txt", upload("two\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(storage.list("snap-t-s1")).extracting(FileEntry::path).containsExactly("one.txt");
    try (InputStream in = storage.read("snap-t-s1", "one.txt").open()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one\n");
    }
    assertThat(claim("snap-t-s1").getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("50Mi"));
    assertThat(claim("snap-t-s1").getSpec().getDataSource()).isNull();
    assertThatThrownBy(() -> storage.createCopy(volume, "nope", "snap-t-s2", "", 50))
        .isInstanceOf(StoragePathException.class)
        .hasMessage("nothing at nope");
  }

  @Test
  void aWholeVolumeSnapshotIsAVolumeSnapshotWhenTheSiteHasAClass() throws IOException {
    storage.close();
    storage = storage(Map.of("berth.kubernetes.snapshot-class", "csi-snapclass"));
    storage.create(volume, 100);
    store(volume, "a.txt", upload("a\n".getBytes(StandardCharsets.UTF_8)));

    storage.createCopy(volume, "", "snap-t-whole", "", 20);

    GenericKubernetesResource snapshot =
        client
            .genericKubernetesResources(VolumeSnapshots.CONTEXT)
            .inNamespace(NS)
            .withName("berth-snap-t-whole")
            .get();
    assertThat(snapshot).isNotNull();
    assertThat(snapshot.getMetadata().getLabels())
        .containsEntry(ObjectNames.STORAGE, "snap-t-whole")
        .containsEntry(ObjectNames.MANAGED, "true");
    assertThat(snapshot.getAdditionalProperties().get("spec"))
        .isEqualTo(
            Map.of(
                "volumeSnapshotClassName",
                "csi-snapclass",
                "source",
                Map.of("persistentVolumeClaimName", "berth-" + volume)));
    PersistentVolumeClaim restored = claim("snap-t-whole");
    assertThat(restored.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
    assertThat(restored.getSpec().getDataSource().getApiGroup())
        .isEqualTo("snapshot.storage.k8s.io");
    assertThat(restored.getSpec().getDataSource().getName()).isEqualTo("berth-snap-t-whole");
    // never smaller than the claim it is restored from
    assertThat(restored.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("100Mi"));
    // the fake CSI driver restores at first mount
    assertThat(storage.list("snap-t-whole")).extracting(FileEntry::path).containsExactly("a.txt");

    // a path of the volume is still copied by a helper
    storage.createCopy(volume, "a.txt", "snap-t-part", "", 20);
    assertThat(claim("snap-t-part").getSpec().getDataSource()).isNull();

    storage.delete("snap-t-whole");
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("berth-snap-t-whole").get())
        .isNull();
    assertThat(
            client
                .genericKubernetesResources(VolumeSnapshots.CONTEXT)
                .inNamespace(NS)
                .withName("berth-snap-t-whole")
                .get())
        .isNull();
  }

  @Test
  void claimsAreSizedFromSizeLimitElseTheSiteWideSizes() {
    storage.create(volume, 300);
    storage.create("vol-t-plain");
    storage.create("pod-my-tenant-p1-data0");
    assertThat(claim(volume).getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("300Mi"));
    assertThat(claim(volume).getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(claim("vol-t-plain").getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("10Gi"));
    PersistentVolumeClaim data = claim("pod-my-tenant-p1-data0");
    assertThat(data.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    // the same claim a pod would make when it mounts the storage
    assertThat(data.getMetadata().getLabels())
        .isEqualTo(
            ClaimManifests.claim(settings, SITE, NS, "pod-my-tenant-p1-data0")
                .getMetadata()
                .getLabels());
    assertThat(ObjectNames.storageTenant("pod-my-tenant-p1-data0")).isEqualTo("my-tenant");
    assertThat(ObjectNames.storageTenant("vol-my-tenant-v1")).isEqualTo("my-tenant");
    assertThat(ObjectNames.storageTenant("snap-t-s1")).isEqualTo("t");
  }

  @Test
  void withANamespacePerTenantTheClaimAndItsHelperAreInTheTenantsNamespace() throws IOException {
    storage.close();
    storage = storage(Map.of("berth.kubernetes.namespace-per-tenant", "true"));
    storage.create("vol-my-org-v1", 5);
    assertThat(client.namespaces().withName("berth-pods-my-org").get().getMetadata().getLabels())
        .containsEntry(ObjectNames.TENANT, "my-org");
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace("berth-pods-my-org")
                .withName("berth-vol-my-org-v1")
                .get())
        .isNotNull();
    store("vol-my-org-v1", "a/b.txt", upload("b".getBytes(StandardCharsets.UTF_8)));
    assertThat(storage.list("vol-my-org-v1"))
        .extracting(FileEntry::path)
        .containsExactly("a/b.txt");
    assertThat(kubelet.claimDir("berth-pods-my-org/berth-vol-my-org-v1").resolve("a/b.txt"))
        .hasContent("b");
  }

  @Test
  void helpersAreDeletedAfterSuccessAndAfterFailure() {
    storage.create(volume, 10);
    store(volume, "x", upload(new byte[] {1, 2, 3}));
    assertThat(storage.usage(volume)).isEqualTo(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> helpers().isEmpty());

    assertThatThrownBy(() -> storage.read(volume, "missing"))
        .isInstanceOf(StoragePathException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> helpers().isEmpty());

    storage.close();
    storage = storage(Map.of("berth.kubernetes.helper-image", "registry.invalid/missing:1"));
    assertThatThrownBy(() -> storage.usage(volume))
        .isInstanceOf(RuntimeFailure.class)
        .hasMessageContaining("could not run");
    await().atMost(Duration.ofSeconds(10)).until(() -> helpers().isEmpty());
  }

  @Test
  void aHelperIsReusedWhileItIdlesThenDeleted() {
    storage.close();
    storage = storage(Map.of("berth.kubernetes.helper-idle", "2s"));
    storage.create(volume, 10);
    int before = cluster.requests();
    storage.usage(volume);
    store(volume, "x", upload(new byte[] {1}));
    storage.list(volume);
    long made =
        cluster.requestsSince(before).stream()
            .filter(r -> r.equals("POST /api/v1/namespaces/" + NS + "/pods"))
            .count();
    assertThat(made).isEqualTo(1);
    assertThat(helpers()).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> helpers().isEmpty());
  }

  @Test
  void helpersLeftByAnEarlierRunAreDeletedBeforeTheFirstNewOne() {
    client
        .resource(
            HelperManifests.pod(
                settings,
                SITE,
                NS,
                "berth-site-helper-left",
                List.of(new HelperManifests.ClaimMount(volume, false)),
                HelperPods.LIFETIME))
        .create();
    client
        .resource(
            HelperManifests.pod(
                settings,
                "another-site",
                NS,
                "berth-another-site-helper",
                List.of(new HelperManifests.ClaimMount(volume, false)),
                HelperPods.LIFETIME))
        .create();
    storage.create(volume, 10);
    assertThat(helpers()).hasSize(1);

    storage.usage(volume);

    await().atMost(Duration.ofSeconds(10)).until(() -> helpers().isEmpty());
    assertThat(client.pods().inNamespace(NS).withName("berth-another-site-helper").get())
        .isNotNull();
  }

  @Test
  void theHelperIsHardenedAsPodsAre() {
    Pod helper =
        HelperManifests.pod(
            settings,
            SITE,
            NS,
            "h",
            List.of(
                new HelperManifests.ClaimMount(volume, true),
                new HelperManifests.ClaimMount("snap-t-s", false)),
            HelperPods.LIFETIME);
    assertThat(helper.getMetadata().getLabels())
        .containsEntry(ObjectNames.MANAGED, "true")
        .containsEntry(ObjectNames.COMPONENT, "helper")
        .doesNotContainKeys(ObjectNames.POD, ObjectNames.TENANT);
    assertThat(helper.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(helper.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    var container = helper.getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(HELPER_IMAGE);
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath() + (m.getReadOnly() ? " ro" : " rw"))
        .containsExactly("/mnt/berth/0 ro", "/mnt/berth/1 rw");
    assertThat(helper.getSpec().getVolumes())
        .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactly("berth-" + volume, "berth-snap-t-s");
    assertThat(helper.getSpec().getActiveDeadlineSeconds()).isEqualTo(6 * 3600L);
  }

  List<Pod> helpers() {
    return client
        .pods()
        .inNamespace(NS)
        .withLabels(HelperManifests.selector(SITE))
        .list()
        .getItems();
  }

  PersistentVolumeClaim claim(String storageId) {
    return client
        .persistentVolumeClaims()
        .inNamespace(NS)
        .withName(ObjectNames.claim(storageId))
        .get();
  }

  Path claimDir(String storageId) {
    return kubelet.claimDir(NS + "/" + ObjectNames.claim(storageId));
  }

  long store(String volume, String path, VolumeStorage.Upload upload) {
    return storage.store(volume, path, upload, bytes -> {});
  }

  VolumeStorage.Upload upload(byte[] bytes) {
    return (target, room) -> {
      Files.write(target, bytes);
      return bytes.length;
    };
  }
}
