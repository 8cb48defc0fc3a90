package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ContainerState;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.MountSpec;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.TenantSlots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
  private final Path storageRoot;
  private final DockerProperties properties;
  private final UserNamespaces namespaces;
  private final StorageOwnership ownership;
  private final PodNetworks networks;
  private volatile Instant nextSweep = Instant.EPOCH;

  public DockerRuntime(
      EngineConnection engine,
      String site,
      Path storageRoot,
      DockerProperties properties,
      TenantSlots slots,
      HostFirewall firewall) {
    this.engine = engine;
    this.site = site;
    this.storageRoot = storageRoot;
    this.properties = properties;
    long firstHostId = properties.userNamespaces().hostIdBase();
    this.namespaces = new UserNamespaces(slots, firstHostId);
    this.ownership = new StorageOwnership(firstHostId);
    this.networks = new PodNetworks(engine::client, site, firewall);
  }

  @Override
  public ObservedPod apply(PodSpec spec) {
    return call(() -> {
      EngineFacts facts = engine.facts();
      IdMapping mapping = namespaces.mapping(facts, spec.key().tenant());
      ContainerSpecBuilder.Isolation isolation =
          new ContainerSpecBuilder.Isolation(
              NetworkNames.network(site, spec.key()),
              UserNamespaces.usernsMode(facts, mapping),
              properties.storageGroup());
      ContainerSpecBuilder.ContainerSpec container =
          ContainerSpecBuilder.build(site, spec, storageRoot, properties.init(), isolation);
      // create first: the usual case is a new container, and a name conflict tells us it exists
      for (int attempt = 0; attempt < 3; attempt++) {
        createDirectories(container);
        prepareStorage(spec, mapping);
        networks.ensure(spec.key());
        try {
          String id = create(container);
          start(id);
          return ObservedContainers.observed(docker().inspectContainerCmd(id).exec());
        } catch (ImageNotFoundException e) {
          networks.remove(spec.key()); // no container will use it until the image is there
          throw e;
        } catch (ConflictException e) {
          // it exists (a crash between create and bookkeeping, or a concurrent call): adopt it
        } catch (DockerException e) {
          if (!String.valueOf(e.getMessage()).contains("already in use")) {
            throw e;
          }
          // Podman answers a name conflict with a 500
        }
        Optional<InspectContainerResponse> existing = inspect(container.name());
        if (existing.isPresent()) {
          InspectContainerResponse found = existing.get();
          if (ObservedContainers.generation(found.getConfig().getLabels()) == spec.generation()) {
            startIfCreated(found);
            return ObservedContainers.observed(inspect(container.name()).orElseThrow());
          }
          removeNow(found.getId());
        }
      }
      throw new RuntimeFailure("could not create container " + container.name());
    });
  }

  /** Called by Spring at shutdown, before the engine connection closes. */
  public void close() {
    networks.closing();
  }

  @Override
  public Optional<ObservedPod> observe(PodKey key) {
    return call(() -> inspect(ContainerNames.name(site, key)).map(ObservedContainers::observed));
  }

  @Override
  public List<ObservedPod> observeAll() {
    return call(() -> {
      List<ObservedPod> result = new ArrayList<>();
      List<Container> containers =
          docker()
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(Map.of(ContainerNames.SITE, site, ContainerNames.MANAGED, "true"))
              .exec();
      sweepNetworks(containers);
      for (Container c : containers) {
        ContainerState state = ObservedContainers.state(c.getState());
        if (state == ContainerState.RUNNING) {
          result.add(ObservedContainers.fromSummary(c));
        } else {
          // exit codes and OOM are only in the full record; few containers are not running
          try {
            result.add(ObservedContainers.observed(docker().inspectContainerCmd(c.getId()).exec()));
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

  @Override
  public void remove(PodKey key) {
    call(() -> {
      Optional<InspectContainerResponse> found = inspect(ContainerNames.name(site, key));
      if (found.isEmpty()) {
        networks.remove(key);
        return null;
      }
      String id = found.get().getId();
      if (Boolean.TRUE.equals(found.get().getState().getRunning())) {
        try {
          docker()
              .stopContainerCmd(id)
              .withTimeout((int) properties.stopTimeout().toSeconds())
              .exec();
        } catch (NotModifiedException | NotFoundException e) {
          // already stopped or gone
        }
      }
      removeNow(id);
      networks.remove(key);
      return null;
    });
  }

  @Override
  public String tail(PodKey key, int maxBytes) {
    return call(() -> {
      Optional<InspectContainerResponse> found = inspect(ContainerNames.name(site, key));
      if (found.isEmpty()) {
        return "";
      }
      TailCollector collector = new TailCollector(maxBytes);
      try {
        docker()
            .logContainerCmd(found.get().getId())
            .withStdOut(true)
            .withStdErr(true)
            .withTail(Math.max(100, maxBytes / 40))
            .exec(collector)
            .awaitCompletion(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (NotFoundException e) {
        return "";
      }
      return collector.text();
    });
  }

  @Override
  public String name() {
    return engine.name();
  }

  private String create(ContainerSpecBuilder.ContainerSpec c) {
    try {
      return createCmd(c).exec().getId();
    } catch (NotFoundException e) {
      pull(c.image());
      return createCmd(c).exec().getId();
    }
  }

  private CreateContainerCmd createCmd(ContainerSpecBuilder.ContainerSpec c) {
    CreateContainerCmd cmd =
        docker()
            .createContainerCmd(c.image())
            .withName(c.name())
            .withEnv(c.env())
            .withLabels(c.labels())
            .withExposedPorts(c.exposedPorts())
            .withHostConfig(c.hostConfig());
    if (!c.command().isEmpty()) {
      // a pod's command replaces the image's entrypoint and command, as Kubernetes' command does
      cmd.withEntrypoint(c.command().get(0));
      cmd.withCmd(c.command().subList(1, c.command().size()));
    }
    if (c.user() != null) {
      cmd.withUser(c.user());
    }
    return cmd;
  }

  private void pull(String image) {
    if (image.equals(HelloImage.NAME)) {
      HelloImage.ensure(
          docker()); // no registry has it: made here, where a missing image is resolved
      if (imageExists(image)) {
        return;
      }
    }
    PullProgress progress = new PullProgress();
    try {
      docker().pullImageCmd(image).exec(progress).awaitCompletion(120, TimeUnit.SECONDS);
    } catch (DockerException e) {
      throw new ImageNotFoundException(
          "image "
              + image
              + " is not on this host and could not be pulled: "
              + EngineErrors.reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageNotFoundException("interrupted while pulling image " + image);
    } catch (RuntimeException e) {
      throw new ImageNotFoundException(
          "image " + image + " is not on this host and could not be pulled: " + e.getMessage());
    }
    if (!imageExists(image)) {
      throw new ImageNotFoundException(
          "image "
              + image
              + " could not be pulled"
              + (progress.error() == null ? "" : ": " + progress.error()));
    }
  }

  private boolean imageExists(String image) {
    try {
      docker().inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private void startIfCreated(InspectContainerResponse c) {
    InspectContainerResponse.ContainerState s = c.getState();
    if (Boolean.TRUE.equals(s.getRunning())
        || ObservedContainers.state(s.getStatus()) == ContainerState.EXITED) {
      return;
    }
    start(c.getId());
  }

  private void start(String id) {
    try {
      docker().startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // already started by a concurrent call
    } catch (DockerException e) {
      // Podman answers a start racing another start with "container state improper"
      if (!String.valueOf(e.getMessage()).contains("state improper")) {
        throw e;
      }
    }
  }

  private void removeNow(String id) {
    try {
      docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (ConflictException e) {
      // removal already in progress
    } catch (DockerException e) {
      // Podman 4.3 may fail to unlink the shm directory of a container that ran in a user
      // namespace (EBUSY, fixed in Podman 4.4) after it has removed the container: gone is gone
      if (inspect(id).isPresent()) {
        throw e;
      }
    }
  }

  private Optional<InspectContainerResponse> inspect(String name) {
    try {
      return Optional.of(docker().inspectContainerCmd(name).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private void createDirectories(ContainerSpecBuilder.ContainerSpec c) {
    for (Path dir : c.directories()) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create storage directory " + dir, e);
      }
    }
  }

  /** Ownership of every storage the pod mounts, for its user in its user namespace. */
  private void prepareStorage(PodSpec spec, IdMapping mapping) {
    int uid = spec.runAsUser() == null ? 0 : spec.runAsUser();
    // sub_path mounts first: their new directories go to the pod's user before a first move of
    // the whole storage into the tenant's range (through another mount of it) makes them root's
    List<MountSpec> mounts = new ArrayList<>(spec.mounts());
    mounts.sort(Comparator.comparing(m -> m.subPath() == null || m.subPath().isEmpty()));
    for (MountSpec mount : mounts) {
      Path storage = storageRoot.resolve(mount.storageId());
      try {
        ownership.prepare(storage, mount.subPath(), mapping, uid, properties.storageGroup());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare storage " + mount.storageId(), e);
      }
    }
  }

  private void sweepNetworks(List<Container> containers) {
    if (Instant.now().isBefore(nextSweep)) {
      return;
    }
    nextSweep = Instant.now().plus(SWEEP_EVERY);
    Set<String> names = new HashSet<>();
    for (Container c : containers) {
      for (String name : c.getNames() == null ? new String[0] : c.getNames()) {
        names.add(name.startsWith("/") ? name.substring(1) : name);
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
