package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.WaitResponse;
import io.berth.runtime.ContainerState;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.MountSources;
import io.berth.runtime.ObservedJob;
import io.berth.runtime.RuntimeFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
  private final Map<String, String> digests = new ConcurrentHashMap<>();
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
    byte[] bytes = logs(key, true, true, maxBytes, true);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  byte[] stdout(JobKey key, int maxBytes) {
    return logs(key, true, false, maxBytes, false);
  }

  /**
   * The container's output: its tail, or its head up to one byte past {@code maxBytes}. Asked by
   * name (the engine takes one), so a finished job's log costs one call, not an inspect first.
   */
  private byte[] logs(JobKey key, boolean out, boolean err, int maxBytes, boolean tail) {
    Collector collector = new Collector(maxBytes, tail);
    try {
      var cmd = docker().logContainerCmd(name(site, key)).withStdOut(out).withStdErr(err);
      if (tail) {
        cmd.withTail(Math.max(100, maxBytes / 40));
      }
      cmd.exec(collector).awaitCompletion(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (DockerException e) {
      collector.onError(e);
    }
    if (collector.failure instanceof DockerException e) {
      if (gone(e)) {
        return new byte[0]; // no such container (any more): no output
      }
      throw e;
    } else if (collector.failure instanceof RuntimeException e) {
      throw e;
    }
    return collector.bytes();
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
      return createCmd(spec, c, name, sharedNetwork).exec().getId();
    } catch (NotFoundException e) {
      puller.accept(c.image());
      return createCmd(spec, c, name, sharedNetwork).exec().getId();
    }
  }

  private CreateContainerCmd createCmd(
      JobSpec spec, ContainerSpecBuilder.ContainerSpec c, String name, String sharedNetwork) {
    Map<String, String> labels = new java.util.HashMap<>(labels(site, spec.key()));
    if (sharedNetwork != null) {
      labels.put(PodNetworks.JOBS_NETWORK, sharedNetwork);
    }
    if (!spec.networkAccess()) {
      labels.put(OFFLINE, "true");
    }
    CreateContainerCmd cmd =
        docker()
            .createContainerCmd(c.image())
            .withName(name)
            .withEnv(c.env())
            .withLabels(labels)
            .withHostConfig(readOnly(c.hostConfig(), spec));
    if (!spec.command().isEmpty()) {
      cmd.withEntrypoint(spec.command());
    }
    if (!spec.args().isEmpty()) {
      cmd.withCmd(spec.args());
    }
    if (spec.workingDir() != null) {
      cmd.withWorkingDir(spec.workingDir());
    }
    if (c.user() != null) {
      cmd.withUser(c.user());
    }
    return cmd;
  }

  /**
   * A job writes only its outputs and {@code /tmp}: an in-memory one, as large as its memory limit
   * (which its use counts against), so a job cannot fill the engine's disk through its layer.
   */
  static HostConfig readOnly(HostConfig host, JobSpec spec) {
    return host.withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + spec.resources().memLimitMiB() + "m"));
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
  private static boolean gone(DockerException e) {
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
        digest(c.getImageId(), c.getConfig().getImage()));
  }

  /** The registry digest of the image the container runs, else its id (a local image). */
  private String digest(String imageId, String reference) {
    if (imageId == null) {
      return null;
    }
    return digests.computeIfAbsent(
        imageId,
        id -> {
          try {
            List<String> repoDigests = docker().inspectImageCmd(id).exec().getRepoDigests();
            if (repoDigests != null && !repoDigests.isEmpty()) {
              String repository = reference == null ? "" : reference.replaceFirst(":[^:/]+$", "");
              return repoDigests.stream()
                  .filter(d -> d.startsWith(repository + "@"))
                  .findFirst()
                  .orElse(repoDigests.get(0));
            }
          } catch (NotFoundException e) {
            // the image was removed since: its id is all there is
          }
          return id.startsWith("sha256:") ? id : "sha256:" + id;
        });
  }

  private DockerClient docker() {
    return engine.client();
  }

  private static String clean(String part) {
    return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
  }

  /** Keeps the last bytes of a container's output, or its first ones (one past the limit). */
  private static final class Collector extends ResultCallback.Adapter<Frame> {
    private final int maxBytes;
    private final boolean tail;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private volatile Throwable failure;

    Collector(int maxBytes, boolean tail) {
      this.maxBytes = maxBytes;
      this.tail = tail;
    }

    /** Kept for the caller, who says what it means (the adapter would log a 404 as an error). */
    @Override
    public void onError(Throwable error) {
      failure = error;
      try {
        close();
      } catch (IOException e) {
        // closing a failed read
      }
    }

    @Override
    public void onNext(Frame frame) {
      if (frame.getStreamType() == StreamType.RAW && frame.getPayload().length == 0) {
        return;
      }
      synchronized (bytes) {
        if (!tail && bytes.size() > maxBytes) {
          return;
        }
        bytes.writeBytes(frame.getPayload());
        if (tail && bytes.size() > maxBytes * 2) {
          byte[] all = bytes.toByteArray();
          bytes.reset();
          bytes.write(all, all.length - maxBytes, maxBytes);
        }
      }
    }

    byte[] bytes() {
      synchronized (bytes) {
        byte[] all = bytes.toByteArray();
        int keep = tail ? Math.min(all.length, maxBytes) : Math.min(all.length, maxBytes + 1);
        int from = tail ? all.length - keep : 0;
        byte[] result = new byte[keep];
        System.arraycopy(all, from, result, 0, keep);
        return result;
      }
    }
  }
}
