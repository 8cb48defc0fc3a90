package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One NetworkPolicy per tenant: its pods accept connections only from Berth's own pods (proxy,
 * readiness probes) and from the configured ingress namespaces, so no pod reaches another directly,
 * of another tenant or of its own (as on Docker/Podman, where each pod has its own network); pods
 * that should talk (a future stack) would get a policy of their own. Outbound traffic is left to
 * the site.
 */
public final class TenantNetworkPolicy {
  /** The label Berth's own Deployments carry (deploy/kubernetes). */
  public static final Map<String, String> BERTH_ITSELF = Map.of("app.kubernetes.io/name", "berth");

  private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private TenantNetworkPolicy() {}

  public static NetworkPolicy build(
      KubernetesProperties properties, String site, String namespace, String tenant) {
    LabelSelector tenantPods =
        new LabelSelectorBuilder()
            .withMatchLabels(
                Map.of(
                    ObjectNames.SITE, ObjectNames.labelValue(site),
                    ObjectNames.TENANT, ObjectNames.labelValue(tenant)))
            .build();
    List<NetworkPolicyPeer> from = new ArrayList<>();
    from.add(
        new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector()
            .withMatchLabels(Map.of(NAMESPACE_NAME, properties.controlNamespace()))
            .endNamespaceSelector()
            .withNewPodSelector()
            .withMatchLabels(BERTH_ITSELF)
            .endPodSelector()
            .build());
    for (String ingress : properties.networkPolicy().ingressNamespaces()) {
      from.add(
          new NetworkPolicyPeerBuilder()
              .withNewNamespaceSelector()
              .withMatchLabels(Map.of(NAMESPACE_NAME, ingress))
              .endNamespaceSelector()
              .build());
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(ObjectNames.networkPolicy(site, tenant))
        .withNamespace(namespace)
        .withLabels(
            Map.of(
                ObjectNames.SITE,
                ObjectNames.labelValue(site),
                ObjectNames.TENANT,
                ObjectNames.labelValue(tenant),
                ObjectNames.MANAGED,
                "true",
                ObjectNames.COMPONENT,
                "isolation"))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(tenantPods)
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(from)
        .endIngress()
        .endSpec()
        .build();
  }
}
