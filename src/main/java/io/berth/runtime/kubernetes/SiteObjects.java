package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import java.net.HttpURLConnection;
import java.util.Map;

/** How Berth lists and creates its objects wherever the site's namespaces are. */
final class SiteObjects {
  private SiteObjects() {}

  /**
   * The objects of {@code kind} carrying {@code labels}: in every namespace when each tenant has
   * its own, else in the site's one namespace.
   */
  static <T, L> L list(
      MixedOperation<T, L, ?> kind, KubernetesProperties properties, Map<String, String> labels) {
    return properties.namespacePerTenant()
        ? kind.inAnyNamespace().withLabels(labels).list()
        : kind.inNamespace(properties.namespace()).withLabels(labels).list();
  }

  /** Runs a create, taking "already exists" (409) as done: another pass or process made it. */
  static void createIfAbsent(Runnable create) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
