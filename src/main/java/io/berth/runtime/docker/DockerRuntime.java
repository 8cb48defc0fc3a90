package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ContainerState;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ExecResult;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.MountSources;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.TenantSlots;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The runtime port over the Docker Engine API (Docker, or Podman's compatible service), with
 * docker-java. Every call is idempotent: a container is found by its deterministic name and adopted
 * when it carries the wanted generation; a name conflict means another call made it first, and it
 * is adopted too. Each pod runs in its own network ({@link PodNetworks}, fenced off from the host
 * by {@link HostFirewall}) and in its tenant's user namespace ({@link UserNamespaces}), with its
 * storage owned accordingly ({@link StorageOwnership}).
 */
public class DockerRuntime implements ContainerRuntime {
  /** How often observeAll also sweeps orphaned networks and checks the firewall rules. */
  private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

  private final EngineConnection engine;
  private final String site;
  private final MountSources mounts;
  private final DockerProperties properties;
  private final EngineContainers containers;
  private final JobContainers jobs;
  private final UserNamespaces namespaces;
  private final StorageOwnership ownership;
  private final PodNetworks networks;
  private final ContainerListing listing;
  private final ContainerCommands commands;
  private volatile Instant nextSweep = Instant.EPOCH;

  public DockerRuntime(
      EngineConnection engine,
      String site,
      MountSources mounts,
      DockerProperties properties,
      TenantSlots slots,
      HostFirewall firewall) {
    this.engine = engine;
    this.site = site;
    this.mounts = mounts;
    this.properties = properties;
    this.containers =
        new EngineContainers(engine, new WritableLayers(properties.writableLayerLimit()));
    long firstHostId = properties.userNamespaces().hostIdBase();
    this.namespaces = new UserNamespaces(slots, firstHostId);
    this.ownership = new StorageOwnership(firstHostId);
    this.networks = new PodNetworks(engine::client, site, firewall);
    this.listing = new ContainerListing(engine::client);
    this.jobs =
        new JobContainers(
            engine, site, mounts, properties, containers::pull, namespaces, ownership, networks);
    this.commands = new ContainerCommands(engine::client, engine::streams, site);
  }

  @Override
  public ObservedPod apply(PodSpec spec) {
    // the storage's directories (sub_paths pinned) are needed until the container has started
    try (MountSources.Prepared sources =
        mounts.prepare(ContainerNames.name(site, spec.key()), spec.mounts())) {
      return apply(spec, sources);
    }
  }

  private ObservedPod apply(PodSpec spec, MountSources.Prepared sources) {
    return call(() -> {
      EngineFacts facts = engine.facts();
      IdMapping mapping = namespaces.mapping(facts, spec.key().tenant());
      NetworkChoice network = networks.choose(spec.key(), spec.owner(), spec.addedCapabilities());
      ContainerSpecBuilder.Isolation isolation =
          new ContainerSpecBuilder.Isolation(
              network.name(), UserNamespaces.usernsMode(facts, mapping), properties.storageGroup());
      ContainerSpecBuilder.ContainerSpec container =
          ContainerSpecBuilder.build(site, spec, sources::source, properties.init(), isolation);
      prepareStorage(spec, sources, mapping);
      List<String> cleared = new ArrayList<>();
      // create first: the usual case is a new container, and a name conflict tells us it exists
      for (int attempt = 0; attempt < 3; attempt++) {
        try (PodNetworks.InUse held = networks.ensure(network)) {
          String id = containers.create(container);
          containers.start(id);
          return ObservedContainers.observed(docker().inspectContainerCmd(id).exec())
              .withCleared(cleared);
        } catch (ImageNotFoundException e) {
          if (network.shared() && networks.joinFailed(network.name())) {
            continue; // the engine's 404 was for the network, removed behind Berth's back
          }
          networks.remove(spec.key()); // no container will use it until the image is there
          throw e;
        } catch (ConflictException e) {
          // it exists (a crash between create and bookkeeping): adopt it
        } catch (DockerException e) {
          if (!String.valueOf(e.getMessage()).contains("already in use")) {
            throw e;
          }
          // Podman answers a name conflict with a 500
        }
        // a container made but never started by an earlier call names that call's pins
        boolean pinned = !container.directories().isEmpty();
        Optional<ObservedPod> adopted =
            adoptOrClear(container.name(), spec.generation(), pinned, cleared);
        if (adopted.isPresent()) {
          return adopted.get().withCleared(cleared);
        }
      }
      throw new RuntimeFailure(
          "could not create container "
              + container.name()
              + (cleared.isEmpty() ? "" : " (" + String.join("; ", cleared) + ")"));
    });
  }

  /**
   * The container holding the pod's name: adopted when it is of this generation and runs (or ran);
   * otherwise removed. What an interrupted engine call left (Podman or Berth killed mid-create or
   * mid-start) is noted in {@code cleared} as it is removed.
   */
  private Optional<ObservedPod> adoptOrClear(
      String name, long generation, boolean pinned, List<String> cleared) {
    Optional<InspectContainerResponse> existing = containers.inspect(name);
    if (existing.isEmpty()) {
      // Podman lists no container, yet its storage holds the name: a create cut short
      containers.removeUnlisted(name);
      cleared.add("freed the container name " + name + ", held by a create that was cut short");
      return Optional.empty();
    }
    InspectContainerResponse found = existing.get();
    Map<String, String> labels = found.getConfig() == null ? null : found.getConfig().getLabels();
    if (labels == null || !"true".equals(labels.get(ContainerNames.MANAGED))) {
      containers.removeNow(found.getId());
      cleared.add("removed container " + name + ": it held the pod's name without Berth's labels");
      return Optional.empty();
    }
    if (ObservedContainers.generation(labels) != generation) {
      containers.removeNow(found.getId()); // an earlier generation of the pod: replaced
      return Optional.empty();
    }
    ContainerState state = ObservedContainers.state(found.getState().getStatus());
    if (state == ContainerState.RUNNING || state == ContainerState.EXITED) {
      return Optional.of(ObservedContainers.observed(found));
    }
    if (pinned && created(found)) {
      // its mount sources were the pins of the call that made it, released since
      containers.removeNow(found.getId());
      cleared.add("removed container " + name + ", created by an interrupted start");
      return Optional.empty();
    }
    String why;
    try {
      containers.start(found.getId());
      InspectContainerResponse started = docker().inspectContainerCmd(found.getId()).exec();
      if (ObservedContainers.state(started.getState().getStatus()) != ContainerState.CREATED) {
        return Optional.of(ObservedContainers.observed(started));
      }
      why = "it stayed " + started.getState().getStatus();
    } catch (DockerException e) {
      why = EngineErrors.reason(e);
    }
    // e.g. killed mid-start: its network was half set up, and every start fails on it
    containers.removeNow(found.getId());
    cleared.add(
        "removed container "
            + name
            + ", left "
            + found.getState().getStatus()
            + " by an interrupted start and unable to start: "
            + why);
    return Optional.empty();
  }

  /** Called by Spring at shutdown, before the engine connection closes. */
  public void close() {
    networks.closing();
  }

  @Override
  public Optional<ObservedPod> observe(PodKey key) {
    return call(
        () -> containers.inspect(ContainerNames.name(site, key)).map(ObservedContainers::observed));
  }

  @Override
  public List<ObservedPod> observeAll() {
    return call(() -> {
      List<ObservedPod> result = new ArrayList<>();
      List<ContainerListing.Listed> containers =
          listing.labelled(Map.of(ContainerNames.SITE, site, ContainerNames.MANAGED, "true"));
      sweepNetworks(containers);
      for (ContainerListing.Listed c : containers) {
        ContainerState state = ObservedContainers.state(c.state());
        if (state == ContainerState.RUNNING) {
          result.add(ObservedContainers.fromListing(c));
        } else {
          // exit codes and OOM are only in the full record; few containers are not running
          try {
            result.add(ObservedContainers.observed(docker().inspectContainerCmd(c.id()).exec()));
          } catch (DockerException e) {
            if (!EngineErrors.isGone(e)) {
              throw e;
            }
            // removed since the list
          }
        }
      }
      return result;
    });
  }

  /**
   * By name, without asking first: the engine answers a stop of a stopped or missing one. The pod's
   * own network goes after its container, which uses it; a shared one stays for the owner's next
   * pod until the sweep finds it unused.
   */
  @Override
  public void remove(PodKey key) {
    call(() -> {
      String name = ContainerNames.name(site, key);
      Optional<InspectContainerResponse> found = containers.inspect(name);
      if (found.isEmpty() || !ended(found.get())) {
        stopNow(name); // one stopped already (the reconciler stops first) is not asked twice
      }
      containers.removeNow(name);
      Map<String, String> labels = found.map(c -> c.getConfig().getLabels()).orElse(null);
      if (found.isEmpty()) {
        networks.remove(key);
      } else if (labels == null || !labels.containsKey(PodNetworks.POD_NETWORK)) {
        networks.removeOwn(key);
      }
      return null;
    });
  }

  @Override
  public void stop(PodKey key) {
    call(() -> {
      stopNow(ContainerNames.name(site, key));
      return null;
    });
  }

  private void stopNow(String name) {
    try {
      docker()
          .stopContainerCmd(name)
          .withTimeout((int) properties.stopTimeout().toSeconds())
          .exec();
    } catch (NotModifiedException | NotFoundException e) {
      // already stopped or gone
    } catch (DockerException e) {
      // Podman will not stop a container it never got to create in the runtime: removed anyway
      if (!String.valueOf(e.getMessage()).contains("state improper")) {
        throw e;
      }
    }
  }

  @Override
  public OutputChunk readOutput(ObservedPod container, OutputCursor from) {
    return call(() ->
        FollowedOutput.read(engine.http(false), engine.apiPath(), container.containerId(), from));
  }

  @Override
  public OutputFollower followOutput(ObservedPod container, OutputCursor from, OutputSink sink) {
    return call(() ->
        FollowedOutput.follow(
            engine.http(true), engine.apiPath(), container.containerId(), from, sink));
  }

  @Override
  public String name() {
    return engine.name();
  }

  @Override
  public ExecResult exec(PodKey key, List<String> command, Duration timeout, int maxOutputBytes) {
    return call(() -> commands.exec(key, command, timeout, maxOutputBytes));
  }

  @Override
  public void upload(PodKey key, String path, InputStream content, long size) {
    call(() -> {
      commands.upload(key, path, content, size);
      return null;
    });
  }

  @Override
  public ObservedJob startJob(JobSpec spec) {
    return call(() -> jobs.start(spec));
  }

  @Override
  public Optional<ObservedJob> observeJob(JobKey key) {
    return call(() -> jobs.observe(key));
  }

  @Override
  public List<ObservedJob> observeJobs() {
    return call(jobs::observeAll);
  }

  @Override
  public boolean watchJobExit(JobKey key, Runnable onExit, Runnable onFailure) {
    return call(() -> jobs.watchExit(key, onExit, onFailure));
  }

  @Override
  public void removeJob(JobKey key) {
    call(() -> {
      jobs.remove(key);
      return null;
    });
  }

  @Override
  public String jobLog(JobKey key, int maxBytes) {
    return call(() -> jobs.log(key, maxBytes));
  }

  @Override
  public byte[] jobStdout(JobKey key, int maxBytes) {
    return call(() -> jobs.stdout(key, maxBytes));
  }

  private static boolean ended(InspectContainerResponse c) {
    return ObservedContainers.state(c.getState().getStatus()) == ContainerState.EXITED;
  }

  private static boolean created(InspectContainerResponse c) {
    return ObservedContainers.state(c.getState().getStatus()) == ContainerState.CREATED;
  }

  /** Ownership of every storage the pod mounts, for its user in its user namespace. */
  private void prepareStorage(PodSpec spec, MountSources.Prepared sources, IdMapping mapping) {
    int uid = spec.runAsUser() == null ? 0 : spec.runAsUser();
    try {
      ownership.prepareAll(spec.mounts(), sources::data, mapping, uid, properties.storageGroup());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the storage of " + spec.key(), e);
    }
  }

  private void sweepNetworks(List<ContainerListing.Listed> containers) {
    if (Instant.now().isBefore(nextSweep)) {
      return;
    }
    nextSweep = Instant.now().plus(SWEEP_EVERY);
    Set<String> names = new HashSet<>();
    for (ContainerListing.Listed c : containers) {
      names.addAll(c.names());
      if (c.labels().containsKey(PodNetworks.POD_NETWORK)) {
        names.add(c.labels().get(PodNetworks.POD_NETWORK)); // a shared network in use
      }
    }
    networks.sweep(names);
  }

  private DockerClient docker() {
    return engine.client();
  }

  /** Maps engine failures to the port's exceptions: no docker-java type leaks out. */
  private <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (EngineUnavailableException | ImageNotFoundException | RuntimeFailure e) {
      throw e;
    } catch (DockerException e) {
      throw new RuntimeFailure(EngineErrors.reason(e));
    } catch (RuntimeException e) {
      if (EngineErrors.isConnectionProblem(e)) {
        engine.reset();
        throw new EngineUnavailableException(
            "the container engine did not answer: " + e.getMessage());
      }
      throw new RuntimeFailure(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
