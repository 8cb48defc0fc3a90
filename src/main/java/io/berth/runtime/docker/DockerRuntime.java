package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ContainerState;
import io.berth.runtime.Endpoint;
import io.berth.runtime.EngineUnavailableException;
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
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The runtime port over the Docker Engine API (Docker, or Podman's compatible service), with
 * docker-java. Every call is idempotent: a container is found by its deterministic name and adopted
 * when it carries the wanted generation; a name conflict means another call made it first, and it
 * is adopted too.
 */
public class DockerRuntime implements ContainerRuntime {
  private final EngineConnection engine;
  private final String site;
  private final MountSources mounts;
  private final DockerProperties properties;
  private final WritableLayers layers;
  private final JobContainers jobs;

  public DockerRuntime(
      EngineConnection engine, String site, MountSources mounts, DockerProperties properties) {
    this.engine = engine;
    this.site = site;
    this.mounts = mounts;
    this.properties = properties;
    this.layers = new WritableLayers(properties.writableLayerLimit());
    this.jobs = new JobContainers(engine, site, mounts, properties, this::pull);
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
    ContainerSpecBuilder.ContainerSpec container =
        ContainerSpecBuilder.build(site, spec, sources::source, properties.init());
    return call(() -> {
      List<String> cleared = new ArrayList<>();
      // create first: the usual case is a new container, and a name conflict tells us it exists
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          String id = create(container);
          start(id);
          return observed(docker().inspectContainerCmd(id).exec()).withCleared(cleared);
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
    Optional<InspectContainerResponse> existing = inspect(name);
    if (existing.isEmpty()) {
      // Podman lists no container, yet its storage holds the name: a create cut short
      removeNow(name);
      cleared.add("freed the container name " + name + ", held by a create that was cut short");
      return Optional.empty();
    }
    InspectContainerResponse found = existing.get();
    Map<String, String> labels = found.getConfig() == null ? null : found.getConfig().getLabels();
    if (labels == null || !"true".equals(labels.get(ContainerNames.MANAGED))) {
      removeNow(found.getId());
      cleared.add("removed container " + name + ": it held the pod's name without Berth's labels");
      return Optional.empty();
    }
    if (generation(labels) != generation) {
      removeNow(found.getId()); // an earlier generation of the pod: replaced
      return Optional.empty();
    }
    ContainerState state = state(found.getState().getStatus());
    if (state == ContainerState.RUNNING || state == ContainerState.EXITED) {
      return Optional.of(observed(found));
    }
    if (pinned && created(found)) {
      // its mount sources were the pins of the call that made it, released since
      removeNow(found.getId());
      cleared.add("removed container " + name + ", created by an interrupted start");
      return Optional.empty();
    }
    String why;
    try {
      start(found.getId());
      InspectContainerResponse started = docker().inspectContainerCmd(found.getId()).exec();
      if (state(started.getState().getStatus()) != ContainerState.CREATED) {
        return Optional.of(observed(started));
      }
      why = "it stayed " + started.getState().getStatus();
    } catch (DockerException e) {
      why = reason(e);
    }
    // e.g. killed mid-start: its network was half set up, and every start fails on it
    removeNow(found.getId());
    cleared.add(
        "removed container "
            + name
            + ", left "
            + found.getState().getStatus()
            + " by an interrupted start and unable to start: "
            + why);
    return Optional.empty();
  }

  @Override
  public Optional<ObservedPod> observe(PodKey key) {
    return call(() -> inspect(ContainerNames.name(site, key)).map(this::observed));
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
      for (Container c : containers) {
        ContainerState state = state(c.getState());
        if (state == ContainerState.RUNNING) {
          result.add(fromSummary(c));
        } else {
          // exit codes and OOM are only in the full record; few containers are not running
          try {
            result.add(observed(docker().inspectContainerCmd(c.getId()).exec()));
          } catch (DockerException e) {
            if (!isGone(e)) {
              throw e;
            }
            // removed since the list
          }
        }
      }
      return result;
    });
  }

  /** By name, without asking first: the engine answers a stop of a stopped or missing one. */
  @Override
  public void remove(PodKey key) {
    call(() -> {
      String name = ContainerNames.name(site, key);
      stopNow(name);
      removeNow(name);
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
    return call(() -> FollowedOutput.read(docker(), container.containerId(), from));
  }

  @Override
  public OutputFollower followOutput(ObservedPod container, OutputCursor from, OutputSink sink) {
    return call(() -> FollowedOutput.follow(engine.streams(), container.containerId(), from, sink));
  }

  @Override
  public String name() {
    return engine.name();
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

  private String create(ContainerSpecBuilder.ContainerSpec c) {
    try {
      return createLimited(c);
    } catch (NotFoundException e) {
      pull(c.image());
      return createLimited(c);
    }
  }

  /** Creates with the writable layer's size limit, or without once the engine refused it. */
  private String createLimited(ContainerSpecBuilder.ContainerSpec c) {
    try {
      return createCmd(c).exec().getId();
    } catch (DockerException e) {
      if (e instanceof NotFoundException || !layers.refusedBy(e.getMessage())) {
        throw e;
      }
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
            .withHostConfig(c.hostConfig().withStorageOpt(layers.options()));
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
          "image " + image + " is not on this host and could not be pulled: " + reason(e));
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

  /** By id or name; a name Podman only holds in its storage (a create cut short) too. */
  private void removeNow(String id) {
    try {
      docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (ConflictException e) {
      // removal already in progress
    }
  }

  private Optional<InspectContainerResponse> inspect(String name) {
    try {
      return Optional.of(docker().inspectContainerCmd(name).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private ObservedPod observed(InspectContainerResponse c) {
    Map<String, String> labels = c.getConfig().getLabels();
    InspectContainerResponse.ContainerState s = c.getState();
    Map<Integer, Endpoint> endpoints = new HashMap<>();
    Ports ports = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getPorts();
    if (ports != null) {
      for (Map.Entry<ExposedPort, Ports.Binding[]> e : ports.getBindings().entrySet()) {
        if (e.getValue() != null
            && e.getValue().length > 0
            && e.getValue()[0].getHostPortSpec() != null) {
          endpoints.put(
              e.getKey().getPort(),
              new Endpoint("127.0.0.1", Integer.parseInt(e.getValue()[0].getHostPortSpec())));
        }
      }
    }
    String error = s.getError() == null || s.getError().isBlank() ? null : s.getError();
    return new ObservedPod(
        new PodKey(labels.get(ContainerNames.TENANT), labels.get(ContainerNames.POD)),
        generation(labels),
        c.getId(),
        state(s.getStatus()),
        s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue(),
        Boolean.TRUE.equals(s.getOOMKilled()),
        error,
        time(s.getStartedAt()),
        time(s.getFinishedAt()),
        Map.copyOf(endpoints));
  }

  private ObservedPod fromSummary(Container c) {
    Map<String, String> labels = c.getLabels();
    Map<Integer, Endpoint> endpoints = new HashMap<>();
    for (ContainerPort p : c.getPorts()) {
      if (p.getPublicPort() != null && p.getPrivatePort() != null) {
        endpoints.put(p.getPrivatePort(), new Endpoint("127.0.0.1", p.getPublicPort()));
      }
    }
    return new ObservedPod(
        new PodKey(labels.get(ContainerNames.TENANT), labels.get(ContainerNames.POD)),
        generation(labels),
        c.getId(),
        ContainerState.RUNNING,
        null,
        false,
        null,
        c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()),
        null,
        Map.copyOf(endpoints));
  }

  private static long generation(Map<String, String> labels) {
    try {
      return Long.parseLong(labels.getOrDefault(ContainerNames.GENERATION, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static ContainerState state(String status) {
    if (status == null) {
      return ContainerState.UNKNOWN;
    }
    return switch (status.toLowerCase(java.util.Locale.ROOT)) {
      case "running" -> ContainerState.RUNNING;
      case "created", "configured", "initialized" -> ContainerState.CREATED;
      case "exited", "stopped", "dead" -> ContainerState.EXITED;
      case "paused" -> ContainerState.PAUSED;
      default -> ContainerState.UNKNOWN;
    };
  }

  static Instant time(String text) {
    if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }

  private static boolean created(InspectContainerResponse c) {
    return state(c.getState().getStatus()) == ContainerState.CREATED;
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
      throw new RuntimeFailure(reason(e));
    } catch (RuntimeException e) {
      if (isConnectionProblem(e)) {
        engine.reset();
        throw new EngineUnavailableException(
            "the container engine did not answer: " + e.getMessage());
      }
      throw new RuntimeFailure(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * Docker answers 404 for a container removed meanwhile; Podman sometimes 500 "no such container".
   */
  private static boolean isGone(DockerException e) {
    return e instanceof NotFoundException
        || (e.getMessage() != null && e.getMessage().contains("no such container"));
  }

  private static boolean isConnectionProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String reason(DockerException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int brace = message.indexOf("{\"");
    if (brace >= 0 && message.contains("\"message\":\"")) {
      int start = message.indexOf("\"message\":\"") + 11;
      int end = message.indexOf('"', start);
      if (end > start) {
        return message.substring(start, end);
      }
    }
    return message.strip();
  }
}
