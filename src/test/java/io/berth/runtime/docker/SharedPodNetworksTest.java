package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import io.berth.runtime.PodKey;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      NetworkChoice choice = networks.choose(new PodKey("t", "pod" + i), "alice", Set.of());
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
    NetworkChoice raw = networks.choose(new PodKey("t", "sniffer"), "alice", Set.of("NET_RAW"));
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
      NetworkChoice choice = networks.choose(new PodKey("t", "pod" + i), "alice", Set.of());
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

  @Test
  void podsNetworksAreNotHeldUpWhileTheSweepChecksTheFirewallRules() throws Exception {
    CountDownLatch checking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HostFirewall firewall =
        new HostFirewall(
            new FirewallRules(NetworkNames.bridgePrefix("site"), "S", List.of()), "auto") {
          @Override
          public boolean filtersBridgedTraffic() {
            return true;
          }

          @Override
          public void ensure() {}

          @Override
          public synchronized void recheck() {
            checking.countDown(); // iptables listings: seconds under load
            await(release);
          }
        };
    String used = NetworkNames.podsNetwork("site", "t", "bob");
    PodNetworks networks = new PodNetworks(() -> listing(used), "site", firewall);
    Thread sweep = Thread.ofVirtual().start(() -> networks.sweep(Set.of(used)));
    try {
      assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<String> joined =
          CompletableFuture.supplyAsync(() -> {
            try (PodNetworks.InUse held =
                networks.ensure(networks.choose(new PodKey("t", "a"), "alice", Set.of()))) {
              return held.name();
            }
          });
      assertThat(joined.get(5, TimeUnit.SECONDS))
          .isEqualTo(NetworkNames.podsNetwork("site", "t", "alice"));
    } finally {
      release.countDown();
      sweep.join();
    }
  }

  /** An engine listing one network of the site's pods, {@code name}; other commands answer null. */
  DockerClient listing(String name) {
    Network network;
    try {
      network =
          new ObjectMapper()
              .readValue(
                  "{\"Name\":\""
                      + name
                      + "\",\"Labels\":{\""
                      + ContainerNames.SITE
                      + "\":\"site\",\"io.berth.network\":\"pods\"}}",
                  Network.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return (DockerClient)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DockerClient.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("listNetworksCmd")) {
                return command(method.getReturnType());
              }
              return Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {method.getReturnType()},
                  (cmd, m, a) -> {
                    if (m.getName().equals("exec")) {
                      return List.of(network);
                    }
                    return m.getReturnType().isInstance(cmd) ? cmd : null;
                  });
            });
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
