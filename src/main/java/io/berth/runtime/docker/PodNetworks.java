package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.berth.runtime.JobKey;
import io.berth.runtime.PodKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The networks pods run in, so a pod reaches no other pod directly (of another tenant or its own):
 * the engine isolates bridge networks from each other and the site's {@link HostFirewall} keeps
 * them from the host. Where the host hands bridged frames to that firewall (br_netfilter), one
 * owner's pods share a network, whose bridge the firewall closes between pods: made at the owner's
 * first pod and swept once no pod used it for {@link #GRACE}, so starting and removing a pod costs
 * no network of its own (each network made or removed makes Podman reload every network's
 * configuration, and its new bridge is set up at the first start). Elsewhere, and for pods that
 * could forge frames (NET_RAW, NET_ADMIN), each pod gets a bridge network of its own. The proxy
 * still reaches each pod through the port the engine publishes on the host's loopback.
 * Level-triggered like containers: the network is named after its pod, created or adopted before
 * its container, removed after it, and a sweep removes networks whose container is gone (a crash
 * between the two), then the firewall rules when no network is left. A network an apply has made or
 * adopted is in use until that apply ends, however old it is: a pod whose container went with a
 * restart gets it back on its old network, and the sweep must not take that network between the
 * adoption and the container's create (seen under load). A stack of pods that should talk would
 * share one such network. One user's jobs share a network (made at their first job, kept while jobs
 * use it, swept when idle): no other user's job and no pod is on it. A job with no owner gets a
 * network of its own, labelled apart and swept against the job containers.
 */
class PodNetworks {
  /** A network younger than this may be waiting for its container: the sweep leaves it. */
  static final Duration GRACE = Duration.ofSeconds(60);

  static final String KIND = "io.berth.network";
  static final String POD = "pod";
  static final String JOB = "job";
  static final String JOBS = "jobs";
  static final String PODS = "pods";

  /** On a pod container on a shared network: that network, so the sweep sees it in use. */
  static final String POD_NETWORK = "io.berth.pods.network";

  /** On a job container: the shared network it joined, so the sweep sees that network in use. */
  static final String JOBS_NETWORK = "io.berth.jobs.network";

  private final Supplier<DockerClient> docker;
  private final String site;
  private final HostFirewall firewall;
  private final NetworkCalls calls;
  private final NetworkListing listing;

  /** Pods' networks are made in parallel (read); the sweep, which may remove rules, alone. */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /**
   * Whether a network was removed since the CNI plugin's leftover rules were last cleared (true at
   * start: a previous run may have removed some).
   */
  private final AtomicBoolean bridgesRemoved = new AtomicBoolean(true);

  /** Networks whose apply is still running, with how many applies hold each. */
  private final Map<String, Integer> applying = new ConcurrentHashMap<>();

  /** Pods' own networks this process made or adopted, removed with their pods. */
  private final Set<String> own = ConcurrentHashMap.newKeySet();

  /** Owners' shared pod networks this process made or adopted. */
  private final Map<String, Shared> shared = new ConcurrentHashMap<>();

  /** Users' jobs' networks known to exist, with when a job last joined each. */
  private final Map<String, Instant> jobsNetworks = new ConcurrentHashMap<>();

  PodNetworks(Supplier<DockerClient> docker, String site, HostFirewall firewall) {
    this.docker = docker;
    this.site = site;
    this.firewall = firewall;
    this.calls = new NetworkCalls(docker);
    this.listing = new NetworkListing(docker);
  }

  /** The network of the pod: shared by its owner's pods where the host keeps them apart. */
  NetworkChoice choose(PodKey key, String owner, Set<String> capabilities) {
    return NetworkChoice.of(site, key, owner, capabilities, firewall.filtersBridgedTraffic());
  }

  /**
   * Creates the chosen network or adopts it (a shared one known to exist costs no engine call), and
   * the site's firewall rules. Never while {@link #sweep} runs, so neither the rules nor the
   * network are removed meanwhile; and the sweep leaves the network until the returned hold is
   * closed, once the container exists (or will not).
   */
  InUse ensure(NetworkChoice choice) {
    if (!choice.shared()) {
      own.add(choice.name());
      return ensure(choice.name(), choice.bridge(), choice.labels());
    }
    lock.readLock().lock();
    try {
      applying.merge(choice.name(), 1, Integer::sum);
      try {
        Shared network = shared.computeIfAbsent(choice.name(), n -> new Shared());
        synchronized (network) { // the owner's other pods wait for the network being made
          if (!network.made) {
            // not isolated by the engine: the site's rules keep routed traffic out of it
            create(choice.name(), choice.bridge(), choice.subnet(), choice.labels(), false);
            network.made = true;
          } else {
            firewall.ensure();
          }
          network.used = Instant.now();
        }
      } catch (RuntimeException e) {
        release(choice.name());
        throw e;
      }
      return new InUse(choice.name(), this);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * A shared network a container could not join: true when it is gone (removed behind Berth's
   * back), and then made again by the next pod.
   */
  boolean joinFailed(String network) {
    if (missing(network)) {
      shared.remove(network);
      return true;
    }
    return false;
  }

  /** An owner's shared pod network as this process knows it. */
  private static final class Shared {
    boolean made;
    volatile Instant used = Instant.now();
  }

  /** A job's network, as a pod's: fenced by the same rules, swept by {@link #sweepJobs}. */
  InUse ensure(JobKey key) {
    Map<String, String> labels =
        Map.of(
            ContainerNames.SITE,
            site,
            ContainerNames.TENANT,
            key.tenant(),
            JobContainers.JOB,
            key.jobId(),
            KIND,
            JOB);
    return ensure(
        NetworkNames.network(site, key),
        attempt -> NetworkNames.bridge(site, key, attempt),
        labels);
  }

  /**
   * The network one user's jobs share, made once (or adopted) and kept while jobs use it; {@code
   * join} (which makes the job's container on it) runs while the sweep cannot remove the network.
   * Other users' jobs and every pod are on other networks, which the engine keeps apart.
   */
  <T> T withJobsNetwork(String tenant, String owner, Function<String, T> join) {
    String name = NetworkNames.jobsNetwork(site, tenant, owner);
    Map<String, String> labels =
        Map.of(ContainerNames.SITE, site, ContainerNames.TENANT, tenant, KIND, JOBS);
    Runnable make =
        () ->
            create(name, attempt -> NetworkNames.jobsBridge(site, tenant, owner, attempt), labels);
    lock.readLock().lock();
    try {
      if (jobsNetworks.put(name, Instant.now()) == null) {
        try {
          make.run();
        } catch (RuntimeException e) {
          jobsNetworks.remove(name); // not known to exist: the next job makes it
          throw e;
        }
      } else {
        firewall.ensure();
      }
      try {
        return join.apply(name);
      } catch (RuntimeException e) {
        if (String.valueOf(e.getMessage()).contains("network") && missing(name)) {
          // removed outside Berth since it was made: made again, once
          jobsNetworks.remove(name);
          make.run();
          jobsNetworks.put(name, Instant.now());
          return join.apply(name);
        }
        throw e;
      }
    } finally {
      jobsNetworks.computeIfPresent(name, (n, at) -> Instant.now());
      lock.readLock().unlock();
    }
  }

  private boolean missing(String network) {
    return calls.missing(network);
  }

  private void create(String name, IntFunction<String> bridge, Map<String, String> labels) {
    create(name, bridge, null, labels, true);
  }

  private void create(
      String name,
      IntFunction<String> bridge,
      IntFunction<String> subnet,
      Map<String, String> labels,
      boolean isolated) {
    if (!isolated) {
      firewall.ensure(); // its rules are the network's only fence: in place before it exists
    }
    calls.create(name, bridge, subnet, labels, isolated);
    firewall.ensure();
  }

  private void remove(String network, String key) {
    bridgesRemoved.set(true);
    calls.remove(network, key);
  }

  private InUse ensure(String name, IntFunction<String> bridge, Map<String, String> labels) {
    lock.readLock().lock();
    try {
      applying.merge(name, 1, Integer::sum);
      try {
        create(name, bridge, labels);
      } catch (RuntimeException e) {
        release(name);
        throw e;
      }
      return new InUse(name, this);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void release(String name) {
    Shared network = shared.get(name);
    if (network != null) {
      network.used = Instant.now();
    }
    applying.computeIfPresent(name, (n, holds) -> holds == 1 ? null : holds - 1);
  }

  /** A network an apply is using: the sweep leaves it until {@link #close}. */
  record InUse(String name, PodNetworks networks) implements AutoCloseable {
    @Override
    public void close() {
      networks.release(name);
    }
  }

  /**
   * Removes the pod's own network once its container is gone; nothing when it is already gone.
   * Where pods share networks, only one this process made is asked for (the sweep takes others).
   */
  void remove(PodKey key) {
    String name = NetworkNames.network(site, key);
    if (own.remove(name) || !firewall.filtersBridgedTraffic()) {
      remove(name, key.toString());
    }
  }

  /** Removes the network of a pod whose container was on a network of its own. */
  void removeOwn(PodKey key) {
    String name = NetworkNames.network(site, key);
    own.remove(name);
    remove(name, key.toString());
  }

  /** Removes the job's network once its container is gone; nothing when it is already gone. */
  void remove(JobKey key) {
    remove(NetworkNames.network(site, key), key.toString());
  }

  /**
   * Removes the site's pod networks that no container uses ({@code used}: the containers' names,
   * which their own networks bear, and the shared networks they are on) and that are older than
   * {@link #GRACE} (a shared one: unused for as long); then checks the firewall rules, or removes
   * them when no network (of a pod or a job) is left.
   */
  void sweep(Set<String> used) {
    sweep(used, POD);
  }

  /** As {@link #sweep}, for job networks and the site's job containers' names. */
  void sweepJobs(Set<String> containerNames) {
    sweep(containerNames, JOB);
  }

  private void sweep(Set<String> containerNames, String kind) {
    // listed before the lock: under load the listing takes seconds, and new pods' networks wait
    // for the lock. A network made after it is not in it, so not removed; one an apply takes
    // meanwhile is in applying, read under the lock
    List<NetworkSweepPlan.NetworkFacts> networks = siteNetworks();
    boolean rulesKept;
    lock.writeLock().lock();
    try {
      rulesKept = sweepAlone(networks, containerNames, kind);
    } finally {
      lock.writeLock().unlock();
    }
    if (rulesKept) {
      // only reads (and repairs) the rules: pods' networks need not wait for its listings
      firewall.recheck();
    }
  }

  /** The site's networks Berth made, for pods and jobs alike. */
  private List<NetworkSweepPlan.NetworkFacts> siteNetworks() {
    return listing.labelled(ContainerNames.SITE, site).stream()
        .filter(n -> n.labels().containsKey(KIND))
        .map(n -> new NetworkSweepPlan.NetworkFacts(n.name(), n.labels().get(KIND), n.created()))
        .toList();
  }

  /**
   * Whether no job joined the shared network since {@code old} and no job container (of any state)
   * is on it now: asked of the engine under the sweep's lock, so no job joins meanwhile.
   */
  private boolean idle(String network, Instant old) {
    Instant used = jobsNetworks.get(network);
    if (used != null && used.isAfter(old)) {
      return false;
    }
    return docker
        .get()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(ContainerNames.SITE, site, JOBS_NETWORK, network))
        .exec()
        .isEmpty();
  }

  /**
   * At shutdown: the firewall rules go when the site has no pod or job network left (pods that keep
   * running keep theirs). Best effort: the engine may be gone already.
   */
  void closing() {
    if (!firewall.inForce()) {
      return; // nothing set here: the engine need not even be asked
    }
    lock.writeLock().lock();
    try {
      boolean none = siteNetworks().isEmpty();
      if (none) {
        firewall.remove();
      }
    } catch (RuntimeException e) {
      // the rules stay: a later run, or the operator, removes them
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Answers whether the firewall rules were kept (networks are left), not removed. */
  private boolean sweepAlone(
      List<NetworkSweepPlan.NetworkFacts> facts, Set<String> containerNames, String kind) {
    Instant old = Instant.now().minus(GRACE);
    List<String> removable =
        new ArrayList<>(
            NetworkSweepPlan.orphans(facts, kind, containerNames, applying.keySet(), old));
    if (kind.equals(POD)) {
      removable.addAll(
          NetworkSweepPlan.idleShared(
              facts,
              PODS,
              containerNames,
              applying.keySet(),
              name -> {
                Shared known = shared.get(name);
                return known == null ? null : known.used;
              },
              old));
    }
    if (kind.equals(JOB)) {
      // users' shared job networks: once no job has joined for a while and none is on them
      for (NetworkSweepPlan.NetworkFacts network : facts) {
        if (JOBS.equals(network.kind()) && network.settled(old) && idle(network.name(), old)) {
          removable.add(network.name());
        }
      }
    }
    int left = facts.size();
    if (!removable.isEmpty()) {
      bridgesRemoved.set(true);
    }
    for (String orphan : removable) {
      jobsNetworks.remove(orphan);
      shared.remove(orphan);
      try {
        docker.get().removeNetworkCmd(orphan).exec();
        left--;
      } catch (DockerException e) {
        // in use after all, or gone: the next sweep sees it again
      }
    }
    // the listing predates the lock: a network made since is not in it, so asked again before the
    // rules go
    boolean none = left == 0 && siteNetworks().isEmpty();
    if (none) {
      firewall.remove();
    }
    if (bridgesRemoved.getAndSet(false)) {
      firewall.forgetRemovedBridges(); // iptables listings: only when a bridge may have gone
    }
    return !none;
  }
}
