package io.berth.runtime.kubernetes;

import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional Ingress of a pod: a rule per http entry, for the host Berth's proxy routes it by
 * (given in the pod's spec: {@code {pod_id}[-{key}].{pods_domain}}, with the tenant as a label of
 * its own for tenants other than the site's), TLS by cert-manager when an issuer is set. By default
 * it points at Berth's proxy service, in Berth's namespace, so tapis_auth still applies.
 */
public final class PodIngress {
  private PodIngress() {}

  public static Optional<Ingress> build(
      KubernetesProperties properties, String site, String podNamespace, PodSpec spec) {
    KubernetesProperties.Ingress config = properties.ingress();
    List<PortSpec> named = spec.ports().stream().filter(p -> p.host() != null).toList();
    if (!config.enabled() || named.isEmpty()) {
      return Optional.empty();
    }
    boolean viaProxy = !config.proxyService().isEmpty();
    String name = ObjectNames.pod(site, spec.key());
    List<IngressRule> rules = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    for (PortSpec port : named) {
      String host = port.host();
      hosts.add(host);
      rules.add(
          new IngressRuleBuilder()
              .withHost(host)
              .withNewHttp()
              .addToPaths(
                  new HTTPIngressPathBuilder()
                      .withPath("/")
                      .withPathType("Prefix")
                      .withNewBackend()
                      .withNewService()
                      .withName(viaProxy ? config.proxyService() : name)
                      .withNewPort()
                      .withNumber(viaProxy ? config.proxyPort() : port.containerPort())
                      .endPort()
                      .endService()
                      .endBackend()
                      .build())
              .endHttp()
              .build());
    }
    Map<String, String> annotations = new LinkedHashMap<>(ObjectNames.annotations(spec.key()));
    if (config.clusterIssuer() != null) {
      annotations.put("cert-manager.io/cluster-issuer", config.clusterIssuer());
    }
    IngressBuilder ingress =
        new IngressBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(viaProxy ? properties.controlNamespace() : podNamespace)
            .withLabels(ObjectNames.labels(site, spec.key(), spec.generation()))
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withIngressClassName(config.className())
            .withRules(rules)
            .endSpec();
    String tlsSecret =
        config.tlsSecret() != null
            ? config.tlsSecret()
            : config.clusterIssuer() != null ? name + "-tls" : null;
    if (tlsSecret != null) {
      ingress.editSpec().addNewTl().withHosts(hosts).withSecretName(tlsSecret).endTl().endSpec();
    }
    return Optional.of(ingress.build());
  }
}
