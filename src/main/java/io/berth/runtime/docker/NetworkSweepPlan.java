package io.berth.runtime.docker;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of the site's networks a sweep of {@link PodNetworks} removes, decided over what the sweep
 * read (the networks, the containers' names, the networks applies hold): no engine call here.
 */
final class NetworkSweepPlan {
  private NetworkSweepPlan() {}

  /** What the sweep reads of a network: its name, kind (pod or job) and when it was made. */
  record NetworkFacts(String name, String kind, Instant created) {
    /** Made before {@code before}; a network seen with no creation time counts as old. */
    boolean settled(Instant before) {
      return created == null || created.isBefore(before);
    }
  }

  /**
   * The networks of {@code kind} that no container names, that no running apply holds, and that
   * were made before {@code settledBefore} (a network seen with no creation time counts as old).
   */
  static List<String> orphans(
      List<NetworkFacts> networks,
      String kind,
      Set<String> containerNames,
      Set<String> applying,
      Instant settledBefore) {
    return networks.stream()
        .filter(n -> kind.equals(n.kind()))
        .filter(n -> !containerNames.contains(n.name()) && !applying.contains(n.name()))
        .filter(n -> n.settled(settledBefore))
        .map(NetworkFacts::name)
        .toList();
  }

  /**
   * Owners' shared networks ({@code kind}) no container is on, no apply holds, made before {@code
   * old} and, as far as this process knows ({@code lastUsed}, null: not known here), not used by a
   * pod since {@code old}.
   */
  static List<String> idleShared(
      List<NetworkFacts> networks,
      String kind,
      Set<String> containerNames,
      Set<String> applying,
      Function<String, Instant> lastUsed,
      Instant old) {
    return networks.stream()
        .filter(n -> kind.equals(n.kind()) && n.settled(old))
        .filter(n -> !containerNames.contains(n.name()) && !applying.contains(n.name()))
        .filter(n -> {
          Instant used = lastUsed.apply(n.name());
          return used == null || used.isBefore(old);
        })
        .map(NetworkFacts::name)
        .toList();
  }
}
