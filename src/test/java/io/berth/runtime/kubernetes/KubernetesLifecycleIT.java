package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Berth as its own process with {@code berth.runtime.kind=kubernetes}, against fabric8's mock API
 * server and the fake kubelet in this JVM: a pod's whole lifecycle (create, restart, stop, start,
 * delete) through the API, with the Kubernetes objects checked at each step. Readiness is the Pod's
 * Ready condition (the kubelet probes), since Berth cannot route to the mock's ClusterIPs.
 */
class KubernetesLifecycleIT {
  static final String SITE = "kube";
  static final String IMAGE = "localhost/berth-test/busybox-httpd:1";
  static final String NAMESPACE = "berth-pods";
  static MockCluster cluster;
  static KubernetesClient client;
  static FakeKubelet kubelet;
  static BerthProcess berth;
  static ApiClient api;
  static String alice;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    client = cluster.newClient();
    kubelet = new FakeKubelet(cluster.newClient(), Set.of(IMAGE, "busybox:1.36"));
    cluster.logs(kubelet::log);
    cluster.exec(kubelet::execSession);
    Path home = TestDatabase.newHome().resolve("home");
    berth =
        BerthProcess.start(
            home,
            Map.of(
                "BERTH_SITE", SITE,
                "BERTH_RUNTIME_KIND", "kubernetes",
                "BERTH_KUBERNETES_API_URL", cluster.url(),
                "BERTH_KUBERNETES_NAMESPACE", NAMESPACE,
                "BERTH_DEV_USERS", "alice:secret1",
                "BERTH_IMAGE_ALLOWLIST", "localhost/berth-test/*",
                "BERTH_RECONCILER_INTERVAL", "1s",
                "BERTH_PROXY_ENABLED", "false",
                "BERTH_KUBERNETES_HELPER_IDLE", "0s"));
    api = berth.api();
    alice = api.token("alice", "secret1");
  }

  @AfterAll
  static void stop() {
    if (berth != null) {
      berth.close();
    }
    kubelet.close();
    client.close();
    cluster.close();
  }

  @Test
  void aPodRunsStopsStartsAndIsDeletedThroughTheApi() {
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"kubepod\",\"pod_template\":\""
                + IMAGE
                + "\","
                + "\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":5000}},"
                + "\"environment_variables\":{\"GREETING\":\"hello\"}}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    awaitStatus("kubepod", "AVAILABLE");

    Pod pod = kubernetesPod();
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("io.berth.site", SITE)
        .containsEntry("io.berth.tenant", "default")
        .containsEntry("io.berth.pod", "kubepod");
    assertThat(
            pod.getSpec()
                .getContainers()
                .get(0)
                .getReadinessProbe()
                .getTcpSocket()
                .getPort()
                .getIntVal())
        .isEqualTo(5000);
    assertThat(client.services().inNamespace(NAMESPACE).withName(name()).get()).isNotNull();
    assertThat(client.secrets().inNamespace(NAMESPACE).withName(name() + "-env").get().getData())
        .containsKey("GREETING");
    assertThat(api.get("/v3/pods/kubepod", alice).result().path("status_container").toString())
        .contains(":5000");

    assertThat(client.network().v1().networkPolicies().inNamespace(NAMESPACE).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .contains("berth-kube-default-isolation");

    String before = kubernetesPod().getMetadata().getUid();
    api.get("/v3/pods/kubepod/restart", alice);
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() -> {
          assertThat(api.get("/v3/pods/kubepod", alice).result().path("status").asString())
              .isEqualTo("AVAILABLE");
          Pod now = kubernetesPod();
          assertThat(now).isNotNull();
          assertThat(now.getMetadata().getUid()).isNotEqualTo(before);
        });

    api.get("/v3/pods/kubepod/stop", alice);
    awaitStatus("kubepod", "STOPPED");
    assertThat(kubernetesPod()).isNull();

    api.get("/v3/pods/kubepod/start", alice);
    awaitStatus("kubepod", "AVAILABLE");
    assertThat(kubernetesPod()).isNotNull();

    assertThat(api.delete("/v3/pods/kubepod", alice).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> kubernetesPod() == null);
    assertThat(api.get("/v3/pods/kubepod", alice).status()).isEqualTo(404);
  }

  @Test
  void aMissingImageIsAnErrorWithKubernetesReason() {
    Reply created =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"ghost\",\"pod_template\":\"localhost/berth-test/nothing:1\","
                + "\"networking\":{\"default\":{\"protocol\":\"http\",\"port\":5000}}}",
            alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    awaitStatus("ghost", "ERROR");
    assertThat(api.get("/v3/pods/ghost", alice).result().path("status_container").toString())
        .contains("ErrImagePull");
  }

  @Test
  void volumeFilesAreThoseOnTheClaimPodsMount() throws Exception {
    Reply created =
        api.post("/v3/pods/volumes", "{\"volume_id\":\"kubevol\",\"size_limit\":50}", alice);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    // storage is named after the volume's uid, not its name
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems().stream()
            .filter(c -> c.getMetadata().getName().startsWith("berth-vol-default-"))
            .findFirst()
            .orElseThrow();
    assertThat(claim.getMetadata().getName()).doesNotContain("kubevol");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("50Mi");

    HttpResponse<String> uploaded = upload("kubevol", "docs/readme.txt", "hello volume");
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);

    // a pod mounting the volume sees the upload, and what it writes is listed
    Reply pod =
        api.post(
            "/v3/pods",
            "{\"pod_id\":\"writer\",\"pod_template\":\""
                + IMAGE
                + "\",\"command\":[\"sh\",\"-c\",\"echo from-pod > /data/pod.txt; sleep 1000\"],"
                + "\"volume_mounts\":{\"kubevol\":{\"type\":\"tapisvolume\",\"mount_path\":\"/data\"}}}",
            alice);
    assertThat(pod.status()).as(pod.text()).isEqualTo(200);
    awaitStatus("writer", "AVAILABLE");
    String podName = ObjectNames.pod(SITE, new io.berth.runtime.PodKey("default", "writer"));
    assertThat(kubelet.exec(NAMESPACE, podName, "cat", "/data/docs/readme.txt"))
        .isEqualTo("hello volume");

    Reply list = api.get("/v3/pods/volumes/kubevol/list", alice);
    assertThat(list.status()).as(list.text()).isEqualTo(200);
    assertThat(list.result().toString()).contains("docs/readme.txt").contains("pod.txt");
    HttpResponse<String> download = download("kubevol", "pod.txt");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo("from-pod\n");
    assertThat(download("kubevol", "nothing.txt").statusCode()).isEqualTo(404);
    assertThat(api.get("/v3/pods/volumes/kubevol", alice).result().path("size").asDouble())
        .isGreaterThan(0);

    Reply snapshot =
        api.post(
            "/v3/pods/snapshots",
            "{\"snapshot_id\":\"kubesnap\",\"source_volume_id\":\"kubevol\","
                + "\"source_volume_path\":\"docs\"}",
            alice);
    assertThat(snapshot.status()).as(snapshot.text()).isEqualTo(200);
    assertThat(api.get("/v3/pods/snapshots/kubesnap/list", alice).result().toString())
        .contains("readme.txt")
        .doesNotContain("pod.txt");

    api.delete("/v3/pods/writer", alice);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                .noneMatch(p -> p.getMetadata().getName().contains("helper")));
  }

  private static HttpResponse<String> upload(String volume, String path, String content)
      throws Exception {
    String boundary = "berthboundary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + content
            + "\r\n--"
            + boundary
            + "--\r\n";
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(api.base() + "/v3/pods/volumes/" + volume + "/upload/" + path))
                .header("X-Tapis-Token", alice)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> download(String volume, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(api.base() + "/v3/pods/volumes/" + volume + "/download/" + path))
                .header("X-Tapis-Token", alice)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(() ->
            assertThat(api.get("/v3/pods/" + id, alice).result().path("status").asString())
                .isEqualTo(status));
  }

  private static String name() {
    return ObjectNames.pod(SITE, new io.berth.runtime.PodKey("default", "kubepod"));
  }

  private static Pod kubernetesPod() {
    List<Pod> pods = client.pods().inNamespace(NAMESPACE).list().getItems();
    return pods.stream()
        .filter(p -> p.getMetadata().getName().equals(name()))
        .findFirst()
        .orElse(null);
  }
}
