package io.berth.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A behavioural stand-in for the scheduler and the kubelets, as Strimzi's MockKube does: it watches
 * the mock API server and moves each new Pod on as a node would. Known images run; others fail to
 * pull. A {@code /bin/sh -c} script is interpreted just enough for the contract: {@code echo} and
 * {@code echo -n} (to the log or into a file on the pod's claims), {@code sleep} (keeps running),
 * {@code exit N}. Claims keep their files across pods, in a local directory per claim, and are
 * bound when a pod first mounts them (a claim restored from a VolumeSnapshot gets its source's
 * files then, as a CSI driver would); read-only mounts refuse writes. {@code pods/exec} really runs
 * the command, with busybox, in those directories ({@link FakeExec}). Test hooks make a pod run out
 * of memory or be unschedulable, and hold pull failures back.
 */
final class FakeKubelet implements AutoCloseable {
  private static final Pattern ECHO =
      Pattern.compile("^echo\\s+(.*?)(\\s*>\\s*(\\S+))?(\\s+2>&1)?$");
  private static final Pattern EXIT = Pattern.compile("^exit\\s+(\\d+)$");

  private final KubernetesClient client;
  private final Set<String> images;
  private final SharedIndexInformer<Pod> informer;
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final Map<String, StringBuilder> logs = new ConcurrentHashMap<>();
  private final Path claims;
  private final Set<String> unschedulable = ConcurrentHashMap.newKeySet();
  private final AtomicInteger nextIp = new AtomicInteger(10);
  private volatile CountDownLatch pullGate;

  FakeKubelet(KubernetesClient client, Set<String> images) {
    this.client = client;
    this.images = images;
    try {
      this.claims = Files.createTempDirectory("fake-claims");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    worker.execute(() -> start(pod));
                  }

                  @Override
                  public void onUpdate(Pod before, Pod after) {}

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {}
                });
  }

  /** Holds back pull failures (a slow registry) until {@link #releasePullFailures()}. */
  void holdPullFailures() {
    pullGate = new CountDownLatch(1);
  }

  void releasePullFailures() {
    CountDownLatch gate = pullGate;
    pullGate = null;
    if (gate != null) {
      gate.countDown();
    }
  }

  /** Pods whose name starts so cannot be placed on any node. */
  void unschedulable(String podNamePrefix) {
    unschedulable.add(podNamePrefix);
  }

  String log(String namespace, String name) {
    StringBuilder log = logs.get(namespace + "/" + name);
    return log == null ? null : log.toString();
  }

  /** The directory standing for a claim ({@code namespace/name}). */
  Path claimDir(String claim) {
    return claims.resolve(claim);
  }

  /**
   * {@code pods/exec} of a command in a pod, for the mock API server. The pod is looked up when the
   * session opens, off the server's event loop, which a request from here would block.
   */
  WebSocketListener execSession(String namespace, String name, String query) {
    return new FakeExec(
        query,
        () -> {
          Pod pod = client.pods().inNamespace(namespace).withName(name).get();
          if (pod == null) {
            throw new IllegalStateException("no pod " + namespace + "/" + name);
          }
          return FakeExec.mounts(pod, this::claimDir);
        });
  }

  /** Runs a command "in" a pod: {@code cat FILE}, or a shell line with echo, ||. */
  String exec(String namespace, String name, String... command) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null) {
      return "no such pod";
    }
    if (command.length == 2 && command[0].equals("cat")) {
      String content = read(pod, command[1]);
      return content == null ? "cat: can't open '" + command[1] + "'" : content;
    }
    if (command.length == 3 && command[1].equals("-c")) {
      StringBuilder out = new StringBuilder();
      for (String alternative : command[2].split("\\|\\|")) {
        if (run(pod, alternative.strip(), out)) {
          break;
        }
      }
      return out.toString();
    }
    return "unsupported: " + String.join(" ", command);
  }

  /** The OOM killer ends the pod's container. */
  void oomKill(String namespace, String name) {
    terminate(namespace, name, 137, "OOMKilled");
  }

  void exit(String namespace, String name, int code) {
    terminate(namespace, name, code, code == 0 ? "Completed" : "Error");
  }

  private void start(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    if (unschedulable.stream().anyMatch(name::startsWith)) {
      status(
          ns,
          name,
          p -> {
            p.getStatus().setPhase("Pending");
            p.getStatus()
                .setConditions(
                    List.of(
                        new PodConditionBuilder()
                            .withType("PodScheduled")
                            .withStatus("False")
                            .withReason("Unschedulable")
                            .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
                            .build()));
          });
      return;
    }
    Container container = pod.getSpec().getContainers().get(0);
    if (!images.contains(container.getImage())) {
      CountDownLatch gate = pullGate;
      if (gate != null) {
        await(gate);
      }
      status(
          ns,
          name,
          p -> {
            p.getStatus().setPhase("Pending");
            p.getStatus()
                .setContainerStatuses(
                    List.of(
                        new ContainerStatusBuilder()
                            .withName(container.getName())
                            .withImage(container.getImage())
                            .withReady(false)
                            .withNewState()
                            .withNewWaiting()
                            .withReason("ErrImagePull")
                            .withMessage(
                                "pull access denied for "
                                    + container.getImage()
                                    + ", repository does not exist")
                            .endWaiting()
                            .endState()
                            .build()));
          });
      return;
    }
    bind(pod);
    logs.put(ns + "/" + name, new StringBuilder());
    List<String> full = new ArrayList<>();
    if (container.getCommand() != null) {
      full.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      full.addAll(container.getArgs());
    }
    Integer exitCode = null;
    if (full.size() >= 3 && full.get(0).endsWith("sh") && full.get(1).equals("-c")) {
      exitCode = 0;
      for (String statement : full.get(2).split(";")) {
        String s = statement.strip();
        Matcher exit = EXIT.matcher(s);
        if (exit.matches()) {
          exitCode = Integer.parseInt(exit.group(1));
          break;
        }
        if (s.startsWith("sleep")) {
          exitCode = null;
          break;
        }
        run(pod, s, logs.get(ns + "/" + name));
      }
    }
    String ip = "10.244.0." + nextIp.getAndIncrement();
    String now = Instant.now().toString();
    Integer code = exitCode;
    status(
        ns,
        name,
        p -> {
          p.getStatus().setPodIP(ip);
          p.getStatus().setStartTime(now);
          p.getStatus().setPhase(code == null ? "Running" : code == 0 ? "Succeeded" : "Failed");
          ContainerStatusBuilder s =
              new ContainerStatusBuilder()
                  .withName(container.getName())
                  .withImage(container.getImage())
                  .withContainerID("containerd://" + p.getMetadata().getUid())
                  .withImageID("docker-pullable://" + container.getImage() + "@sha256:0f0f")
                  .withReady(code == null)
                  .withStarted(code == null);
          if (code == null) {
            s.withNewState().withNewRunning().withStartedAt(now).endRunning().endState();
          } else {
            s.withNewState()
                .withNewTerminated()
                .withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error")
                .withStartedAt(now)
                .withFinishedAt(Instant.now().toString())
                .endTerminated()
                .endState();
          }
          p.getStatus().setContainerStatuses(List.of(s.build()));
          p.getStatus().setConditions(conditions(code == null));
        });
  }

  /** Scheduled, and Ready while the container runs (the fake images answer at once). */
  private static List<io.fabric8.kubernetes.api.model.PodCondition> conditions(boolean ready) {
    return List.of(
        new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
        new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build());
  }

  private void terminate(String namespace, String name, int code, String reason) {
    status(
        namespace,
        name,
        p -> {
          ContainerStatus s = p.getStatus().getContainerStatuses().get(0);
          String started =
              s.getState().getRunning() == null ? null : s.getState().getRunning().getStartedAt();
          s.setReady(false);
          s.setState(
              new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                  .withNewTerminated()
                  .withExitCode(code)
                  .withReason(reason)
                  .withStartedAt(started)
                  .withFinishedAt(Instant.now().toString())
                  .endTerminated()
                  .build());
          p.getStatus().setPhase(code == 0 ? "Succeeded" : "Failed");
          p.getStatus().setConditions(conditions(false));
        });
  }

  private interface StatusChange {
    void apply(Pod pod);
  }

  private void status(String namespace, String name, StatusChange change) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(p -> {
          if (p.getStatus() == null) {
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
          }
          change.apply(p);
          return p;
        });
  }

  /** Runs one shell statement; returns whether it succeeded. */
  private boolean run(Pod pod, String statement, StringBuilder out) {
    Matcher echo = ECHO.matcher(statement);
    if (!echo.matches()) {
      return true;
    }
    boolean newline = !echo.group(1).startsWith("-n ");
    String text = expand(pod, newline ? echo.group(1) : echo.group(1).substring(3));
    if (echo.group(3) == null) {
      out.append(text).append(newline ? "\n" : "");
      return true;
    }
    return write(pod, echo.group(3), text + "\n");
  }

  private String expand(Pod pod, String text) {
    Map<String, String> env = env(pod);
    Matcher m = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(text);
    StringBuilder result = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(result, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
    }
    m.appendTail(result);
    return result.toString();
  }

  /** The container's environment, as the kubelet resolves envFrom secret references. */
  private Map<String, String> env(Pod pod) {
    Map<String, String> env = new HashMap<>();
    Container c = pod.getSpec().getContainers().get(0);
    if (c.getEnvFrom() != null) {
      for (EnvFromSource from : c.getEnvFrom()) {
        if (from.getSecretRef() != null) {
          Secret secret =
              client
                  .secrets()
                  .inNamespace(pod.getMetadata().getNamespace())
                  .withName(from.getSecretRef().getName())
                  .get();
          if (secret != null && secret.getData() != null) {
            secret
                .getData()
                .forEach((k, v) ->
                    env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    if (c.getEnv() != null) {
      c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    }
    return env;
  }

  private record Place(String claim, String path, boolean readOnly) {}

  /** Which claim (namespace/name) and path inside it a file of the pod is on; null if none. */
  private Place place(Pod pod, String file) {
    Container c = pod.getSpec().getContainers().get(0);
    VolumeMount best = null;
    for (VolumeMount m : c.getVolumeMounts()) {
      if ((file.startsWith(m.getMountPath() + "/") || file.equals(m.getMountPath()))
          && (best == null || m.getMountPath().length() > best.getMountPath().length())) {
        best = m;
      }
    }
    if (best == null) {
      return null;
    }
    String volumeName = best.getName();
    Volume volume =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(volumeName))
            .findFirst()
            .orElseThrow();
    String claim =
        pod.getMetadata().getNamespace() + "/" + volume.getPersistentVolumeClaim().getClaimName();
    String inside =
        (best.getSubPath() == null ? "" : best.getSubPath() + "/")
            + file.substring(best.getMountPath().length());
    return new Place(claim, inside.replaceAll("/+", "/"), Boolean.TRUE.equals(best.getReadOnly()));
  }

  private boolean write(Pod pod, String file, String content) {
    Place place = place(pod, file);
    if (place == null || place.readOnly()) {
      return false; // the image's own file system is not modelled; read-only mounts refuse
    }
    try {
      Path target = claimDir(place.claim()).resolve(place.path().replaceFirst("^/", ""));
      Files.createDirectories(target.getParent());
      Files.writeString(target, content);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String read(Pod pod, String file) {
    Place place = place(pod, file);
    if (place == null) {
      return null;
    }
    Path source = claimDir(place.claim()).resolve(place.path().replaceFirst("^/", ""));
    try {
      return Files.isRegularFile(source) ? Files.readString(source) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Binds the pod's claims, as a provisioner does for the first pod of a WaitForFirstConsumer
   * class; a claim whose data source is a VolumeSnapshot starts with a copy of the snapshot's
   * source claim.
   */
  private void bind(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() == null) {
        continue;
      }
      String claimName = volume.getPersistentVolumeClaim().getClaimName();
      PersistentVolumeClaim claim =
          client.persistentVolumeClaims().inNamespace(ns).withName(claimName).get();
      Path dir = claimDir(ns + "/" + claimName);
      try {
        if (!Files.isDirectory(dir)
            && claim != null
            && claim.getSpec().getDataSource() != null
            && "VolumeSnapshot".equals(claim.getSpec().getDataSource().getKind())) {
          restore(ns, claim.getSpec().getDataSource().getName(), dir);
        }
        Files.createDirectories(dir);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (claim != null
          && (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase()))) {
        client
            .persistentVolumeClaims()
            .inNamespace(ns)
            .withName(claimName)
            .editStatus(c -> {
              c.setStatus(
                  new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
                      .withPhase("Bound")
                      .build());
              return c;
            });
      }
    }
  }

  private void restore(String ns, String snapshotName, Path into)
      throws IOException, InterruptedException {
    GenericKubernetesResource snapshot =
        client
            .genericKubernetesResources(VolumeSnapshots.CONTEXT)
            .inNamespace(ns)
            .withName(snapshotName)
            .get();
    if (snapshot == null) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) snapshot.getAdditionalProperties().get("spec");
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) spec.get("source");
    Path from = claimDir(ns + "/" + source.get("persistentVolumeClaimName"));
    Files.createDirectories(into);
    if (Files.isDirectory(from)) {
      new ProcessBuilder("cp", "-a", from + "/.", into + "/").inheritIO().start().waitFor();
    }
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    informer.close();
    worker.shutdownNow();
  }
}
