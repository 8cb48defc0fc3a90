package io.berth.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.ResourceSpec;
import io.berth.testing.TestPodSpecs;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claims, the tenant NetworkPolicy and the optional Ingress: pure builders, no cluster. */
class ClusterPolicyManifestsTest {
  static final KubernetesProperties SITE_SETTINGS =
      KubernetesSettings.of(
          Map.of(
              "berth.kubernetes.storage-class", "rook-ceph-block",
              "berth.kubernetes.shared-storage-class", "rook-cephfs",
              "berth.kubernetes.data-size", "20Gi",
              "berth.kubernetes.network-policy.ingress-namespaces[0]", "traefik"));

  @Test
  void aPodsOwnDataIsReadWriteOnceOfTheBlockClass() {
    PersistentVolumeClaim claim =
        ClaimManifests.claim(SITE_SETTINGS, "site", "berth-pods", "pod-tacc-mydb-data0");
    assertThat(claim.getMetadata().getName()).isEqualTo("berth-pod-tacc-mydb-data0");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("rook-ceph-block");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("20Gi"));
  }

  @Test
  void volumesAndSnapshotsAreReadWriteManyOfTheSharedClass() {
    for (String id : List.of("vol-tacc-shared", "snap-tacc-monday")) {
      PersistentVolumeClaim claim = ClaimManifests.claim(SITE_SETTINGS, "site", "berth-pods", id);
      assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
      assertThat(claim.getSpec().getStorageClassName()).isEqualTo("rook-cephfs");
      assertThat(claim.getMetadata().getAnnotations()).containsEntry(ClaimManifests.STORAGE_ID, id);
    }
  }

  @Test
  void theClusterDefaultClassWhenNoneIsSet() {
    PersistentVolumeClaim claim =
        ClaimManifests.claim(KubernetesProperties.defaults(), "site", "berth-pods", "vol-t-v");
    assertThat(claim.getSpec().getStorageClassName()).isNull();
  }

  @Test
  void aTenantsPodsAcceptOnlyBerthAndTheIngressControllerNotEachOther() {
    NetworkPolicy policy = TenantNetworkPolicy.build(SITE_SETTINGS, "site", "berth-pods", "tacc");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("io.berth.site", "site")
        .containsEntry("io.berth.tenant", "tacc");
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    var from = policy.getSpec().getIngress().get(0).getFrom();
    assertThat(from).hasSize(2);
    assertThat(from.get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "berth");
    assertThat(from.get(0).getPodSelector().getMatchLabels())
        .isEqualTo(TenantNetworkPolicy.BERTH_ITSELF);
    assertThat(from.get(1).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "traefik");
    assertThat(from.get(1).getPodSelector()).isNull();
  }

  @Test
  void noIngressUnlessEnabled() {
    assertThat(PodIngress.build(SITE_SETTINGS, "site", "berth-pods", web())).isEmpty();
  }

  @Test
  void anIngressHostPerEntryThroughBerthsProxyWithCertManagerTls() {
    KubernetesProperties withIngress =
        KubernetesSettings.of(
            Map.of(
                "berth.kubernetes.ingress.enabled", "true",
                "berth.kubernetes.ingress.class-name", "traefik",
                "berth.kubernetes.ingress.cluster-issuer", "letsencrypt"));
    Ingress ingress = PodIngress.build(withIngress, "site", "berth-pods", web()).orElseThrow();
    assertThat(ingress.getMetadata().getNamespace()).isEqualTo("berth");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
    assertThat(ingress.getSpec().getRules())
        .extracting(r -> r.getHost())
        // the hosts the proxy routes by, the tenant's own label included; the tcp entry has none
        .containsExactly("nb.tacc.pods.example.org", "nb-api.tacc.pods.example.org");
    var backend =
        ingress.getSpec().getRules().get(1).getHttp().getPaths().get(0).getBackend().getService();
    assertThat(backend.getName()).isEqualTo("berth-proxy");
    assertThat(backend.getPort().getNumber()).isEqualTo(8081);
    assertThat(ingress.getSpec().getTls().get(0).getHosts()).hasSize(2);
  }

  @Test
  void anIngressStraightToThePodsServiceWhenNoProxyIsNamed() {
    KubernetesProperties direct =
        KubernetesSettings.of(
            Map.of(
                "berth.kubernetes.ingress.enabled",
                "true",
                "berth.kubernetes.ingress.proxy-service",
                " "));
    Ingress ingress = PodIngress.build(direct, "site", "berth-pods", web()).orElseThrow();
    assertThat(ingress.getMetadata().getNamespace()).isEqualTo("berth-pods");
    var backend =
        ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
    assertThat(backend.getName()).isEqualTo("berth-site-tacc-nb");
    assertThat(backend.getPort().getNumber()).isEqualTo(8888);
    assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
  }

  private static PodSpec web() {
    return TestPodSpecs.of(new PodKey("tacc", "nb"), "jupyter:1")
        .ports(
            new PortSpec("default", 8888, "nb.tacc.pods.example.org"),
            new PortSpec("api", 9000, "nb-api.tacc.pods.example.org"),
            new PortSpec("db", 5432, null))
        .resources(new ResourceSpec(100, 100, 64, 64, 0))
        .build();
  }
}
