package io.berth.pods;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Tapis-style host names: {pod_id}.{domain} for the default entry, {pod_id}-{key} for others. */
@Component
class DomainPodUrls implements PodUrls {
  private final String domain;

  DomainPodUrls(@Value("${berth.proxy.pods-domain:pods.localhost}") String domain) {
    this.domain = domain;
  }

  @Override
  public Map<String, Networking> withUrls(
      String tenant, String podId, Map<String, Networking> networking) {
    Map<String, Networking> result = new LinkedHashMap<>();
    networking.forEach(
        (key, n) -> {
          String host = ("default".equals(key) ? podId : podId + "-" + key) + "." + domain;
          result.put(key, n.isLocalOnly() ? n : n.withUrl(host));
        });
    return result;
  }
}
