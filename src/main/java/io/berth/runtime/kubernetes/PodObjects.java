package io.berth.runtime.kubernetes;

import io.berth.runtime.MountSpec;
import io.berth.runtime.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects a pod refers to, written before the pod: its tenant's namespace and network policy
 * (once per process), its secret, service, storage claims and ingress. Each write is idempotent.
 */
final class PodObjects {
  private final KubernetesClient client;
  private final ClusterCache cache;
  private final KubernetesProperties properties;
  private final String site;
  private final Set<String> isolated = ConcurrentHashMap.newKeySet();
  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();

  PodObjects(
      KubernetesClient client, ClusterCache cache, KubernetesProperties properties, String site) {
    this.client = client;
    this.cache = cache;
    this.properties = properties;
    this.site = site;
  }

  /** Everything the pod refers to, made before the pod so it never waits on a missing one. */
  void prepare(String namespace, PodSpec spec, PodManifests.Manifests manifests) {
    tenantScope(namespace, spec.key().tenant());
    Secret secret = manifests.secret();
    createOrEdit(
        () -> client.resource(secret).create(),
        () ->
            client
                .secrets()
                .inNamespace(namespace)
                .withName(secret.getMetadata().getName())
                .edit(s -> {
                  s.setData(secret.getData());
                  s.getMetadata().setLabels(secret.getMetadata().getLabels());
                  return s;
                }));
    if (manifests.service().isPresent()) {
      writeService(namespace, manifests.service().get());
    }
    Set<String> storage = new LinkedHashSet<>();
    for (MountSpec mount : spec.mounts()) {
      if (storage.add(mount.storageId())) {
        SiteObjects.createIfAbsent(() ->
            client
                .resource(ClaimManifests.claim(properties, site, namespace, mount.storageId()))
                .create());
      }
    }
    PodIngress.build(properties, site, namespace, spec)
        .ifPresent(ingress ->
            createOrEdit(
                () -> client.resource(ingress).create(),
                () ->
                    client
                        .network()
                        .v1()
                        .ingresses()
                        .inNamespace(ingress.getMetadata().getNamespace())
                        .withName(ingress.getMetadata().getName())
                        .edit(i -> {
                          i.setSpec(ingress.getSpec());
                          return i;
                        })));
  }

  /** The tenant's namespace (when each has its own) and isolation, made once per process. */
  void tenantScope(String namespace, String tenant) {
    // remembered only once made, so a failed attempt is tried again
    if (properties.namespacePerTenant() && !namespaces.contains(namespace)) {
      SiteObjects.createIfAbsent(
          () -> client.resource(TenantNamespace.build(site, namespace, tenant)).create());
      namespaces.add(namespace);
    }
    String tenantScope = namespace + "/" + tenant;
    if (properties.networkPolicy().enabled() && !isolated.contains(tenantScope)) {
      NetworkPolicy policy = TenantNetworkPolicy.build(properties, site, namespace, tenant);
      createOrEdit(
          () -> client.resource(policy).create(),
          () ->
              client
                  .network()
                  .v1()
                  .networkPolicies()
                  .inNamespace(namespace)
                  .withName(policy.getMetadata().getName())
                  .edit(p -> {
                    p.setSpec(policy.getSpec());
                    return p;
                  }));
      isolated.add(tenantScope);
    }
  }

  /** A Service keeps its ClusterIP while its ports stay; other ports mean a new Service. */
  private void writeService(String namespace, Service desired) {
    String name = desired.getMetadata().getName();
    Service current = cache.service(namespace, name);
    if (current != null && samePorts(current, desired)) {
      return;
    }
    if (current != null) {
      client.services().inNamespace(namespace).withName(name).delete();
      cache.await(() -> cache.service(namespace, name) == null, properties.cacheWait());
    }
    SiteObjects.createIfAbsent(() -> client.resource(desired).create());
  }

  private static boolean samePorts(Service a, Service b) {
    return ports(a).equals(ports(b));
  }

  private static Set<Integer> ports(Service s) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (ServicePort p : s.getSpec().getPorts()) {
      ports.add(p.getPort());
    }
    return ports;
  }

  private static void createOrEdit(Runnable create, Runnable edit) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      edit.run();
    }
  }
}
