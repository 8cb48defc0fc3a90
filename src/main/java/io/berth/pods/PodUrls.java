package io.berth.pods;

import io.berth.templates.Networking;
import java.util.Map;

/** Forms the URLs a pod's networking entries are reachable at. Provided by the proxy feature. */
public interface PodUrls {
  /**
   * Reserves what the entries need (ports for tcp and postgres), releasing what they no longer do.
   */
  void assign(String tenant, String podId, Map<String, Networking> networking);

  /** The URL of each entry (absent for local_only entries) and the pod's main URL. */
  Map<String, Networking> withUrls(String tenant, String podId, Map<String, Networking> networking);

  /**
   * The host name of each http entry, as the proxy routes it: what an Ingress in front of the proxy
   * must name.
   */
  Map<String, String> httpHosts(String tenant, String podId, Map<String, Networking> networking);

  default String mainUrl(Map<String, Networking> withUrls) {
    Networking main = withUrls.get("default");
    if (main == null && !withUrls.isEmpty()) {
      main = withUrls.values().iterator().next();
    }
    return main == null || main.url() == null ? "" : main.url();
  }
}
