package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.WaitResponse;
import io.berth.runtime.ContainerState;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.MountSources;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job containers on the Docker Engine API: built by the same {@link ContainerSpecBuilder} as pods
 * (limits, least privilege, storage) and isolated as pods are: no network unless the job asks for
 * one (then a network their owner's jobs share and no one else's, made once, not per job, behind
 * the site's {@link HostFirewall}), the tenant's user namespace, storage owned accordingly, and a
 * read-only root filesystem with a small {@code /tmp} in memory. Named and labelled apart from pods
 * ({@code io.berth.managed = job}), so the pods' reconciler never sees them. A container the key
 * already names is adopted, started only if it never ran: a job is never run twice.
 */
final class JobContainers {
  private static final Logger log = LoggerFactory.getLogger(JobContainers.class);
  static final String JOB = "io.berth.job";
  static final String KIND = "job";

  /** Marks a job container with no network (so its removal looks for no network of its own). */
  static final String OFFLINE = "io.berth.job.offline";

  /** Docker's and Podman's network mode for a container with loopback only. */
  static final String NO_NETWORK = "none";

  private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

  private final EngineConnection engine;
  private final String site;
  private final MountSources mounts;
  private final DockerProperties properties;
  private final Consumer<String> puller;
  private final UserNamespaces namespaces;
  private final StorageOwnership ownership;
  private final PodNetworks networks;
  private final JobLogs logs;
  private final ImageDigests digests;
  private volatile Instant nextSweep = Instant.EPOCH;

  JobContainers(
      EngineConnection engine,
      String site,
      MountSources mounts,
      DockerProperties properties,
      Consumer<String> puller,
      UserNamespaces namespaces,
      StorageOwnership ownership,
      PodNetworks networks) {
    this.engine = engine;
    this.site = site;
    this.mounts = mounts;
    this.properties = properties;
    this.puller = puller;
    this.namespaces = namespaces;
    this.ownership = ownership;
    this.networks = networks;
    this.logs = new JobLogs(engine, site);
    this.digests = new ImageDigests(engine);
  }

  static String name(String site, JobKey key) {
    return "berthjob-" + clean(site) + "-" + clean(key.tenant()) + "-" + clean(key.jobId());
  }

  static Map<String, String> labels(String site, JobKey key) {
    return Map.of(
        ContainerNames.SITE,
        site,
        ContainerNames.TENANT,
        key.tenant(),
        JOB,
        key.jobId(),
        ContainerNames.MANAGED,
        KIND);
  }

  ObservedJob start(JobSpec spec) {
    String name = name(site, spec.key());
    Optional<InspectContainerResponse> existing = inspect(name);
    if (existing.isPresent()) {
      return adopt(existing.get());
    }
    // the storage's directories (sub_paths pinned) are needed until the container has started
    MountSources.Prepared sources = mounts.prepare(name, spec.mounts());
    boolean unpinLater = false;
    try {
      EngineFacts facts = engine.facts();
      IdMapping mapping = namespaces.mapping(facts, spec.key().tenant());
      String network =
          !spec.networkAccess()
              ? NO_NETWORK
              : spec.owner() == null
                  ? NetworkNames.network(site, spec.key())
                  : NetworkNames.jobsNetwork(site, spec.key().tenant(), spec.owner());
      ContainerSpecBuilder.ContainerSpec c =
          ContainerSpecBuilder.build(
              site,
              spec.asPod(),
              sources::source,
              properties.init(),
              new ContainerSpecBuilder.Isolation(
                  network, UserNamespaces.usernsMode(facts, mapping), properties.storageGroup()));
      long began = System.nanoTime();
      prepareStorage(spec, sources, mapping);
      long prepared = System.nanoTime();
      String id;
      try {
        id =
            !spec.networkAccess()
                ? create(spec, c, name, null) // no network to make or join: no firewall, no bridge
                : spec.owner() == null
                    ? createOnOwnNetwork(spec, c, name)
                    : networks.withJobsNetwork(
                        spec.key().tenant(), spec.owner(), shared -> create(spec, c, name, shared));
      } catch (ConflictException e) {
        return adopt(inspect(name).orElseThrow(() -> new RuntimeFailure("lost container " + name)));
      } catch (DockerException e) {
        if (!String.valueOf(e.getMessage()).contains("already in use")) {
          throw e;
        }
        // Podman answers a name conflict with a 500
        return adopt(inspect(name).orElseThrow(() -> new RuntimeFailure("lost container " + name)));
      }
      long created = System.nanoTime();
      startContainer(id);
      unpinLater = true;
      ObservedJob started = observed(docker().inspectContainerCmd(id).exec());
      if (log.isDebugEnabled()) {
        log.debug(
            "Job {} container (ms): storage={} create={} start={}",
            spec.key().jobId(),
            (prepared - began) / 1_000_000,
            (created - prepared) / 1_000_000,
            (System.nanoTime() - created) / 1_000_000);
      }
      return started;
    } finally {
      if (unpinLater) {
        unpin(sources);
      } else {
        sources.close();
      }
    }
  }

  /**
   * Releases a started container's pins off the start's path: it holds its own mounts now, and
   * unmounting them (a umount each) took as long as the start itself on a busy host. A crash
   * meanwhile leaves pins that the storage clears at its next start.
   */
  private static void unpin(MountSources.Prepared sources) {
    Thread.ofVirtual()
        .name("berth-job-unpin")
        .start(() -> {
          try {
            sources.close();
          } catch (RuntimeException e) {
            log.warn("Could not release a job's mount pins: {}", e.toString());
          }
        });
  }

  Optional<ObservedJob> observe(JobKey key) {
    return inspect(name(site, key)).map(this::observed);
  }

  List<ObservedJob> observeAll() {
    List<ObservedJob> result = new ArrayList<>();
    List<Container> containers =
        docker()
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(ContainerNames.SITE, site, ContainerNames.MANAGED, KIND))
            .exec();
    sweepNetworks(containers);
    for (Container c : containers) {
      try {
        result.add(observed(docker().inspectContainerCmd(c.getId()).exec()));
      } catch (DockerException e) {
        if (!gone(e)) {
          throw e;
        }
        // removed since the list
      }
    }
    return result;
  }

  /**
   * The engine's wait (on the streams client: no response timeout) tells when the container stops
   * running, so a job's end is seen at once without polling the engine meanwhile.
   */
  boolean watchExit(JobKey key, Runnable onExit, Runnable onFailure) {
    AtomicBoolean told = new AtomicBoolean();
    engine
        .streams()
        .waitContainerCmd(name(site, key))
        .exec(
            new ResultCallback.Adapter<WaitResponse>() {
              @Override
              public void onComplete() {
                super.onComplete();
                if (told.compareAndSet(false, true)) {
                  onExit.run();
                }
              }

              @Override
              public void onError(Throwable failure) {
                // not the adapter's: it logs an error for what the caller handles (it polls again)
                try {
                  close();
                } catch (IOException e) {
                  // closing a failed wait
                }
                if (told.compareAndSet(false, true)) {
                  onFailure.run();
                }
              }
            });
    return true;
  }

  /** Stops and removes the job's container, then its own network if it had one. */
  void remove(JobKey key) {
    if (removeContainer(key)) {
      networks.remove(key);
    }
  }

  /** Whether the job may have had a network of its own (a container gone leaves it unknown). */
  private boolean removeContainer(JobKey key) {
    Optional<InspectContainerResponse> found = inspect(name(site, key));
    if (found.isEmpty()) {
      return true;
    }
    Map<String, String> labels = found.get().getConfig().getLabels();
    boolean ownNetwork =
        labels == null
            || !(labels.containsKey(OFFLINE) || labels.containsKey(PodNetworks.JOBS_NETWORK));
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
    try {
      docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException | ConflictException e) {
      // gone, or its removal already under way
    } catch (DockerException e) {
      // Podman 4.3 may fail to unlink the shm of a container that ran in a user namespace after
      // removing it (EBUSY): gone is gone
      if (inspect(id).isPresent()) {
        throw e;
      }
    }
    return ownNetwork;
  }

  String log(JobKey key, int maxBytes) {
    return logs.log(key, maxBytes);
  }

  byte[] stdout(JobKey key, int maxBytes) {
    return logs.stdout(key, maxBytes);
  }

  private ObservedJob adopt(InspectContainerResponse found) {
    if (ObservedContainers.state(found.getState().getStatus()) == ContainerState.CREATED) {
      // made but never started (a crash between the two calls): it has not run yet
      startContainer(found.getId());
      return observed(docker().inspectContainerCmd(found.getId()).exec());
    }
    return observed(found);
  }

  /** A job without an owner: a network of its own, made before and removed with it. */
  private String createOnOwnNetwork(
      JobSpec spec, ContainerSpecBuilder.ContainerSpec c, String name) {
    try (PodNetworks.InUse network = networks.ensure(spec.key())) {
      return create(spec, c, name, null);
    } catch (ImageNotFoundException e) {
      networks.remove(spec.key()); // no container will use it until the image is there
      throw e;
    }
  }

  private String create(
      JobSpec spec, ContainerSpecBuilder.ContainerSpec c, String name, String sharedNetwork) {
    try {
      return JobCreateCommands.of(docker(), site, spec, c, name, sharedNetwork).exec().getId();
    } catch (NotFoundException e) {
      puller.accept(c.image());
      return JobCreateCommands.of(docker(), site, spec, c, name, sharedNetwork).exec().getId();
    }
  }

  /** Ownership of the storage the job mounts, for its user in its user namespace. */
  private void prepareStorage(JobSpec spec, MountSources.Prepared sources, IdMapping mapping) {
    int uid = spec.runAsUser() == null ? 0 : spec.runAsUser();
    try {
      ownership.prepareAll(spec.mounts(), sources::data, mapping, uid, properties.storageGroup());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the storage of job " + spec.key(), e);
    }
  }

  /** Now and then: removes job networks whose container is gone (a crash between the two). */
  private void sweepNetworks(List<Container> containers) {
    if (Instant.now().isBefore(nextSweep)) {
      return;
    }
    nextSweep = Instant.now().plus(SWEEP_EVERY);
    Set<String> names = new HashSet<>();
    for (Container c : containers) {
      for (String n : c.getNames() == null ? new String[0] : c.getNames()) {
        names.add(n.startsWith("/") ? n.substring(1) : n);
      }
    }
    networks.sweepJobs(names);
  }

  private void startContainer(String id) {
    try {
      docker().startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // started by a concurrent call
    } catch (DockerException e) {
      if (!String.valueOf(e.getMessage()).contains("state improper")) {
        throw e;
      }
    }
  }

  private Optional<InspectContainerResponse> inspect(String name) {
    try {
      return Optional.of(docker().inspectContainerCmd(name).exec());
    } catch (DockerException e) {
      if (gone(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Docker answers 404 for a container removed meanwhile; Podman sometimes 500. */
  static boolean gone(DockerException e) {
    return e instanceof NotFoundException
        || String.valueOf(e.getMessage()).contains("no such container");
  }

  private ObservedJob observed(InspectContainerResponse c) {
    Map<String, String> labels = c.getConfig().getLabels();
    InspectContainerResponse.ContainerState s = c.getState();
    String error = s.getError() == null || s.getError().isBlank() ? null : s.getError();
    return new ObservedJob(
        new JobKey(labels.get(ContainerNames.TENANT), labels.get(JOB)),
        c.getId(),
        ObservedContainers.state(s.getStatus()),
        s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue(),
        Boolean.TRUE.equals(s.getOOMKilled()),
        error,
        ObservedContainers.time(s.getStartedAt()),
        ObservedContainers.time(s.getFinishedAt()),
        digests.of(c.getImageId(), c.getConfig().getImage()));
  }

  private DockerClient docker() {
    return engine.client();
  }

  private static String clean(String part) {
    return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
  }
}
