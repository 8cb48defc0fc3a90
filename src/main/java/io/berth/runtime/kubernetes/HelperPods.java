package io.berth.runtime.kubernetes;

import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.kubernetes.HelperManifests.ClaimMount;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helper Pods that mount claims, and commands run in them through {@code pods/exec}.
 *
 * <p>A helper is kept for {@code helper-idle} after its last operation and reused by the next one
 * on the same claims: one upload is three operations (two size checks and the write) and a volume
 * page lists and sizes it, so a pod per operation would start several pods for one request. Zero
 * makes a helper per operation. Each helper also has a deadline ({@link #LIFETIME}), after which
 * the kubelet ends it even if Berth died; it is reused only in the first half of its life, so no
 * operation runs into it.
 *
 * <p>Crash safety: before its first helper, a process deletes the site's helpers that a previous
 * run left behind, and at every new helper it deletes those the kubelet ended. A second process of
 * the same site starting while this one is in an operation cuts that operation short: it fails with
 * an error and leaves nothing half-written, since uploads are renamed into place.
 */
final class HelperPods implements AutoCloseable {
  static final Duration LIFETIME = Duration.ofHours(6);
  private static final Logger log = LoggerFactory.getLogger(HelperPods.class);

  private final KubernetesClient client;
  private final KubernetesProperties properties;
  private final String site;
  private final Map<String, Helper> reusable = new HashMap<>();
  private final List<Helper> live = new ArrayList<>();
  private final AtomicBoolean leftoversRemoved = new AtomicBoolean();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-helper-sweeper");
        t.setDaemon(true);
        return t;
      });

  HelperPods(KubernetesClient client, KubernetesProperties properties, String site) {
    this.client = client;
    this.properties = properties;
    this.site = site;
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  /** The outcome of a command that ran to its end. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** A helper held for one operation; closing it lets the helper go (or be reused). */
  final class Lease implements AutoCloseable {
    private final Helper helper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(Helper helper) {
      this.helper = helper;
    }

    /** Runs {@code sh -c script sh args...}, feeding it {@code stdin} (a file) when not null. */
    Result run(String script, List<String> args, Path stdin) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      var container =
          client
              .pods()
              .inNamespace(helper.namespace)
              .withName(helper.name)
              .inContainer(HelperManifests.CONTAINER);
      try (ExecWatch watch =
          (stdin == null ? container : container.redirectingInput())
              .writingOutput(out)
              .writingError(err)
              .exec(command(script, args))) {
        if (stdin != null) {
          // the script reads exactly the file's size: exec v4 has no way to close stdin
          OutputStream in = watch.getInput();
          Files.copy(stdin, in);
          in.flush();
        }
        Integer code = watch.exitCode().get();
        if (code == null) {
          // the connection ended before the kubelet said how the command did
          helper.broken = true;
          throw new RuntimeFailure("helper " + helper.name + " ended without an exit status");
        }
        return new Result(
            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
      } catch (IOException | ExecutionException | KubernetesClientException e) {
        helper.broken = true;
        throw new RuntimeFailure("helper " + helper.name + " failed: " + message(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        helper.broken = true;
        throw new RuntimeFailure("interrupted in helper " + helper.name);
      }
    }

    /**
     * Runs a command whose output is read as a stream, not held in memory; closing the stream ends
     * the command and closes this lease.
     */
    InputStream stream(String script, List<String> args) {
      ExecWatch watch =
          client
              .pods()
              .inNamespace(helper.namespace)
              .withName(helper.name)
              .inContainer(HelperManifests.CONTAINER)
              .redirectingOutput()
              .exec(command(script, args));
      return new FilterInputStream(watch.getOutput()) {
        /** fabric8's stream asserts a read asks for bytes; the contract says 0 asks for none. */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return len == 0 ? 0 : super.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            watch.close();
            Lease.this.close();
          }
        }
      };
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(helper);
      }
    }
  }

  private static String[] command(String script, List<String> args) {
    List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh"));
    command.addAll(args);
    return command.toArray(String[]::new);
  }

  /** A running helper mounting {@code claims} (which must exist) in {@code namespace}. */
  Lease acquire(String namespace, List<ClaimMount> claims) {
    if (!leftoversRemoved.get()) {
      synchronized (leftoversRemoved) {
        if (!leftoversRemoved.get()) {
          removeLeftovers(); // tried again by the next operation if the API server refused
          leftoversRemoved.set(true);
        }
      }
    }
    String key = namespace + "/" + claims;
    synchronized (this) {
      Helper h = reusable.get(key);
      if (h != null && !h.broken && h.created.plus(LIFETIME.dividedBy(2)).isAfter(Instant.now())) {
        h.users++;
        return new Lease(h);
      }
    }
    removeEnded(namespace);
    Helper h = start(namespace, claims);
    synchronized (this) {
      h.users = 1;
      h.key = key;
      live.add(h);
      Helper current = reusable.get(key);
      if (current == null || current.broken || current.users == 0) {
        reusable.put(key, h); // an idle one it replaces is swept as any idle helper
      }
    }
    return new Lease(h);
  }

  /** Deletes every helper of the site: those of a previous run of Berth. */
  void removeLeftovers() {
    List<Pod> found = helpers(null);
    synchronized (this) {
      found.removeIf(p -> live.stream().anyMatch(h -> h.name.equals(p.getMetadata().getName())));
    }
    for (Pod pod : found) {
      log.info("Deleting helper pod {} left by an earlier run", pod.getMetadata().getName());
      delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }
  }

  /** Deletes the helpers in {@code namespace} that the kubelet ended at their deadline. */
  private void removeEnded(String namespace) {
    for (Pod pod : helpers(namespace)) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
        delete(namespace, pod.getMetadata().getName());
      }
    }
  }

  private List<Pod> helpers(String namespace) {
    var pods = client.pods();
    return new ArrayList<>(
        (namespace == null
                ? SiteObjects.list(pods, properties, HelperManifests.selector(site))
                : pods.inNamespace(namespace).withLabels(HelperManifests.selector(site)).list())
            .getItems());
  }

  private Helper start(String namespace, List<ClaimMount> claims) {
    String name =
        ObjectNames.dnsLabel(
            "berth-" + site + "-helper-" + UUID.randomUUID().toString().substring(0, 8));
    client
        .resource(HelperManifests.pod(properties, site, namespace, name, claims, LIFETIME))
        .create();
    String failure;
    try {
      failure = awaitRunning(namespace, name);
    } catch (KubernetesClientException e) {
      failure = message(e);
    }
    if (failure != null) {
      delete(namespace, name);
      throw new RuntimeFailure("helper pod " + name + " could not run: " + failure);
    }
    return new Helper(namespace, name);
  }

  /**
   * Polls the helper until it runs (null), is stuck, or {@code helper-start-wait} passes (why not):
   * a few GETs with backoff rather than a watch per helper (and fabric8's mock API server blocks
   * its event loop when a watch closes).
   */
  private String awaitRunning(String namespace, String name) {
    long deadline = System.nanoTime() + properties.helperStartWait().toNanos();
    long pause = 50;
    while (true) {
      Pod pod = client.pods().inNamespace(namespace).withName(name).get();
      if (pod == null) {
        return "it was deleted";
      }
      if (running(pod)) {
        return null;
      }
      Optional<String> stuck = stuck(pod);
      if (stuck.isPresent()) {
        return stuck.get();
      }
      if (System.nanoTime() > deadline) {
        return "not running after "
            + properties.helperStartWait()
            + " (phase "
            + (pod.getStatus() == null ? null : pod.getStatus().getPhase())
            + ")";
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
      pause = Math.min(pause * 2, 1000);
    }
  }

  private static boolean running(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream()
            .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null);
  }

  /** Why a helper will not run without someone's help: its image, its node, or it ended. */
  private static Optional<String> stuck(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    String phase = pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return Optional.of("it ended (" + phase + ")");
    }
    Optional<String> image = ObservedPods.imageFailure(pod);
    if (image.isPresent()) {
      return image;
    }
    return pod.getStatus().getConditions() == null
        ? Optional.empty()
        : pod.getStatus().getConditions().stream()
            .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
            .filter(c -> "Unschedulable".equals(c.getReason()))
            .map(c -> "Unschedulable: " + c.getMessage())
            .findFirst();
  }

  private void release(Helper helper) {
    boolean now;
    synchronized (this) {
      helper.users--;
      helper.lastUsed = Instant.now();
      now =
          helper.users == 0
              && (helper.broken
                  || properties.helperIdle().isZero()
                  || reusable.get(helper.key) != helper);
      if (now) {
        forget(helper);
      }
    }
    if (now) {
      delete(helper.namespace, helper.name);
    }
  }

  /** Deletes helpers idle for longer than {@code helper-idle}. */
  private void sweep() {
    List<Helper> idle = new ArrayList<>();
    synchronized (this) {
      Instant limit = Instant.now().minus(properties.helperIdle());
      for (Helper h : List.copyOf(live)) {
        if (h.users == 0 && h.lastUsed.isBefore(limit)) {
          forget(h);
          idle.add(h);
        }
      }
    }
    for (Helper h : idle) {
      try {
        delete(h.namespace, h.name);
      } catch (RuntimeException e) {
        log.warn("Could not delete helper pod {}: {}", h.name, e.getMessage());
      }
    }
  }

  private void forget(Helper helper) {
    live.remove(helper);
    reusable.remove(helper.key, helper);
  }

  private void delete(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
  }

  private static String message(Throwable e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    List<Helper> all;
    synchronized (this) {
      all = List.copyOf(live);
      live.clear();
      reusable.clear();
    }
    for (Helper h : all) {
      try {
        delete(h.namespace, h.name);
      } catch (RuntimeException e) {
        log.warn("Could not delete helper pod {}: {}", h.name, e.getMessage());
      }
    }
  }

  /** A helper this process made; guarded by the HelperPods' lock. */
  private static final class Helper {
    final String namespace;
    final String name;
    final Instant created = Instant.now();
    String key;
    int users;
    Instant lastUsed = Instant.now();
    volatile boolean broken;

    Helper(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }
  }
}
