package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Map;

/** A tenant's namespace with {@code namespace-per-tenant}: made by whoever needs it first. */
final class TenantNamespace {
  private TenantNamespace() {}

  static Namespace build(String site, String namespace, String tenant) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(namespace)
        .withLabels(
            Map.of(
                ObjectNames.SITE, ObjectNames.labelValue(site),
                ObjectNames.TENANT, ObjectNames.labelValue(tenant)))
        .endMetadata()
        .build();
  }
}
