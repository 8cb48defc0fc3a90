package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.berth.runtime.PodKey;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which network a pod joins, and the engine calls that costs, against a fake engine that records
 * every command it runs: one owner's pods share one network made once, where the host's firewall
 * sees bridged frames; elsewhere, and for pods that could forge frames, each pod has its own.
 */
class SharedPodNetworksTest {
  final List<String> calls = new ArrayList<>();

  @Test
  void oneOwnersPodsShareOneNetworkMadeOnceAndTheirRemovalCostsNoNetworkCall() {
    PodNetworks networks = new PodNetworks(this::engine, "site", firewall(true));
    List<String> joined = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      PodNetworks.Choice choice = networks.choose(new PodKey("t", "pod" + i), "alice", Set.of());
      try (PodNetworks.InUse held = networks.ensure(choice)) {
        joined.add(held.name());
      }
    }
    assertThat(joined).containsOnly(NetworkNames.podsNetwork("site", "t", "alice"));
    assertThat(calls).containsExactly("createNetworkCmd");

    calls.clear();
    for (int i = 0; i < 10; i++) {
      networks.remove(new PodKey("t", "pod" + i));
    }
    assertThat(calls).as("the sweep removes the shared network once unused").isEmpty();
  }

  @Test
  void anotherOwnerAnotherTenantAndAPodThatCouldForgeFramesGetNetworksOfTheirOwn() {
    PodNetworks networks = new PodNetworks(this::engine, "site", firewall(true));
    String alices = networks.choose(new PodKey("t", "a"), "alice", Set.of()).name();
    assertThat(networks.choose(new PodKey("t", "b"), "bob", Set.of()).name()).isNotEqualTo(alices);
    assertThat(networks.choose(new PodKey("u", "a"), "alice", Set.of()).name())
        .isNotEqualTo(alices);
    PodNetworks.Choice raw =
        networks.choose(new PodKey("t", "sniffer"), "alice", Set.of("NET_RAW"));
    assertThat(raw.shared()).isFalse();
    assertThat(raw.name()).isEqualTo(NetworkNames.network("site", new PodKey("t", "sniffer")));
    assertThat(networks.choose(new PodKey("t", "x"), null, Set.of()).shared()).isFalse();
    // room for an owner's thousand pods (an engine's default /24 holds 254), another when taken
    assertThat(NetworkNames.podsSubnet("site", "t", "alice", 0))
        .matches("10\\.(9[0-9]|1[01][0-9]|12[0-7])\\.[0-9]+\\.0/20")
        .isNotEqualTo(NetworkNames.podsSubnet("site", "t", "alice", 1));
    // the firewall tells shared bridges apart by their prefix, which no other bridge has
    assertThat(NetworkNames.podsBridge("site", "t", "alice", 0))
        .hasSize(15)
        .startsWith(NetworkNames.sharedBridgePrefix(NetworkNames.bridgePrefix("site")));
    assertThat(NetworkNames.bridge("site", new PodKey("t", "a"), 0))
        .doesNotStartWith(NetworkNames.sharedBridgePrefix(NetworkNames.bridgePrefix("site")));
  }

  @Test
  void whereBridgedFramesPassTheFirewallUnseenEachPodGetsItsOwnNetwork() {
    PodNetworks networks = new PodNetworks(this::engine, "site", firewall(false));
    for (int i = 0; i < 3; i++) {
      PodNetworks.Choice choice = networks.choose(new PodKey("t", "pod" + i), "alice", Set.of());
      assertThat(choice.shared()).isFalse();
      networks.ensure(choice).close();
      networks.remove(new PodKey("t", "pod" + i));
    }
    assertThat(calls)
        .containsExactly(
            "createNetworkCmd",
            "removeNetworkCmd",
            "createNetworkCmd",
            "removeNetworkCmd",
            "createNetworkCmd",
            "removeNetworkCmd");
  }

  static HostFirewall firewall(boolean filtersBridged) {
    return new HostFirewall(
        new FirewallRules(NetworkNames.bridgePrefix("site"), "S", List.of()), "auto") {
      @Override
      public boolean filtersBridgedTraffic() {
        return filtersBridged;
      }

      @Override
      public synchronized void ensure() {}
    };
  }

  /** An engine whose every command records its name and answers with nothing. */
  DockerClient engine() {
    return (DockerClient)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DockerClient.class},
            (proxy, method, args) -> {
              calls.add(method.getName());
              return command(method.getReturnType());
            });
  }

  /** A command whose builder methods return itself and whose exec answers null. */
  static Object command(Class<?> type) {
    return Proxy.newProxyInstance(
        SharedPodNetworksTest.class.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          return method.getReturnType().isInstance(proxy) ? proxy : null;
        });
  }
}
