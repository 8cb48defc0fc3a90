package io.berth.proxy;

import io.berth.pods.Pod;
import io.berth.pods.PodRepository;
import io.berth.templates.Networking;
import io.berth.web.ApiException;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Refuses a networking entry whose host name another pod's entry already has. Host names of
 * different tenants never meet (see {@link UrlScheme}); within a tenant, {@code {pod_id}-{key}}
 * could equal another pod's {@code {pod_id}} were pod ids allowed a '-', as pods kept from older
 * rules may have. Only pods whose id the label starts with can hold it, so a few lookups suffice.
 */
@Component
class HostCollisions {
  private final PodRepository pods;
  private final UrlScheme scheme;

  HostCollisions(PodRepository pods, UrlScheme scheme) {
    this.pods = pods;
    this.scheme = scheme;
  }

  void check(String tenant, String podId, Map<String, Networking> networking) {
    networking.forEach((key, n) -> {
      if (n.isLocalOnly()) {
        return;
      }
      String label = UrlScheme.label(podId, key);
      for (String otherId : UrlScheme.podIdsFor(label)) {
        if (otherId.equals(podId)) {
          continue;
        }
        Optional<Pod> other = pods.find(tenant, otherId);
        if (other.isPresent() && holds(other.get(), label)) {
          throw ApiException.conflict(
              "Field networking."
                  + key
                  + ": its address "
                  + scheme.host(tenant, podId, key)
                  + " is already another pod's address in this tenant;"
                  + " choose another networking key or pod_id.");
        }
      }
    });
  }

  private static boolean holds(Pod pod, String label) {
    return pod.definition().networking().entrySet().stream()
        .anyMatch(e ->
            !e.getValue().isLocalOnly() && UrlScheme.label(pod.podId(), e.getKey()).equals(label));
  }
}
