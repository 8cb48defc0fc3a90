package io.berth.runtime.docker;

import io.berth.runtime.PodKey;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Where a pod is to run: its owner's shared network, where the host hands bridged frames to the
 * site's firewall (which closes the bridge between pods), or one of its own, elsewhere and for a
 * pod that could forge frames (NET_RAW, NET_ADMIN). {@code subnet} null: the engine picks one.
 */
record NetworkChoice(
    String name,
    IntFunction<String> bridge,
    IntFunction<String> subnet,
    Map<String, String> labels,
    boolean shared) {

  /** Capabilities that let a pod forge frames on its bridge: such a pod shares no network. */
  private static final Set<String> FORGING = Set.of("NET_RAW", "NET_ADMIN");

  static NetworkChoice of(
      String site,
      PodKey key,
      String owner,
      Set<String> capabilities,
      boolean bridgedTrafficFiltered) {
    boolean forging =
        capabilities.stream()
            .map(c -> c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))
            .anyMatch(FORGING::contains);
    if (owner == null || forging || !bridgedTrafficFiltered) {
      return new NetworkChoice(
          NetworkNames.network(site, key),
          attempt -> NetworkNames.bridge(site, key, attempt),
          null,
          Map.of(
              ContainerNames.SITE,
              site,
              ContainerNames.TENANT,
              key.tenant(),
              ContainerNames.POD,
              key.podId(),
              PodNetworks.KIND,
              PodNetworks.POD),
          false);
    }
    return new NetworkChoice(
        NetworkNames.podsNetwork(site, key.tenant(), owner),
        attempt -> NetworkNames.podsBridge(site, key.tenant(), owner, attempt),
        attempt -> NetworkNames.podsSubnet(site, key.tenant(), owner, attempt),
        Map.of(
            ContainerNames.SITE,
            site,
            ContainerNames.TENANT,
            key.tenant(),
            PodNetworks.KIND,
            PodNetworks.PODS),
        true);
  }
}
