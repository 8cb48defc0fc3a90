package io.berth.pods.reconcile;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ContainerState;
import io.berth.runtime.Endpoint;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A behavioural fake engine for reconciler tests: containers start at once, their ports begin to
 * accept connections (real loopback sockets) after a configurable delay, and a test can make them
 * exit, run out of memory, vanish, or make the whole engine unreachable.
 */
class FakeRuntime implements ContainerRuntime {
  private final Map<PodKey, Container> containers = new ConcurrentHashMap<>();
  private final Map<PodKey, AtomicInteger> applies = new ConcurrentHashMap<>();
  private final Set<String> missingImages = ConcurrentHashMap.newKeySet();
  private volatile Duration readyAfter = Duration.ZERO;
  private volatile boolean unreachable;
  private volatile Boolean engineReady;
  private final Map<PodKey, PodSpec> lastSpecs = new ConcurrentHashMap<>();

  private final Clock clock;

  FakeRuntime(Clock clock) {
    this.clock = clock;
  }

  private final class Container {
    final PodSpec spec;
    final Instant startedAt = clock.instant();
    final Instant createdAt = Instant.now();
    final String id = Long.toHexString(System.nanoTime());
    final List<ServerSocket> sockets = new ArrayList<>();
    final Map<Integer, Endpoint> endpoints = new ConcurrentHashMap<>();
    volatile ContainerState state = ContainerState.RUNNING;
    volatile Integer exitCode;
    volatile boolean oom;

    Container(PodSpec spec) {
      this.spec = spec;
    }
  }

  void readyAfter(Duration delay) {
    readyAfter = delay;
  }

  /** Judge readiness as Kubernetes does (null: leave it to Berth's probe, as Docker does). */
  void engineReady(Boolean ready) {
    engineReady = ready;
  }

  PodSpec lastSpec(PodKey key) {
    return lastSpecs.get(key);
  }

  void forgetSpec(PodKey key) {
    lastSpecs.remove(key);
  }

  void unreachable(boolean value) {
    unreachable = value;
  }

  void missingImage(String image) {
    missingImages.add(image);
  }

  int applies(PodKey key) {
    return applies.getOrDefault(key, new AtomicInteger()).get();
  }

  int count() {
    return containers.size();
  }

  boolean has(PodKey key) {
    return containers.containsKey(key);
  }

  void exit(PodKey key, int code) {
    Container c = containers.get(key);
    c.state = ContainerState.EXITED;
    c.exitCode = code;
    closeSockets(c);
  }

  void oom(PodKey key) {
    exit(key, 137);
    containers.get(key).oom = true;
  }

  /** Removed behind Berth's back. */
  void vanish(PodKey key) {
    Container c = containers.remove(key);
    if (c != null) {
      closeSockets(c);
    }
  }

  /** A labelled container the database does not know about. */
  void plant(PodSpec spec) {
    containers.put(spec.key(), new Container(spec));
  }

  @Override
  public ObservedPod apply(PodSpec spec) {
    reachable();
    applies.computeIfAbsent(spec.key(), k -> new AtomicInteger()).incrementAndGet();
    lastSpecs.put(spec.key(), spec);
    if (missingImages.contains(spec.image())) {
      throw new ImageNotFoundException("image " + spec.image() + " not found");
    }
    Container existing = containers.get(spec.key());
    if (existing != null && existing.spec.generation() == spec.generation()) {
      return observed(existing);
    }
    if (existing != null) {
      remove(spec.key());
    }
    Container created = new Container(spec);
    containers.put(spec.key(), created);
    return observed(created);
  }

  @Override
  public Optional<ObservedPod> observe(PodKey key) {
    reachable();
    return Optional.ofNullable(containers.get(key)).map(this::observed);
  }

  @Override
  public List<ObservedPod> observeAll() {
    reachable();
    return containers.values().stream().map(this::observed).toList();
  }

  @Override
  public void remove(PodKey key) {
    reachable();
    vanish(key);
  }

  @Override
  public String tail(PodKey key, int maxBytes) {
    reachable();
    Container c = containers.get(key);
    return c == null ? "" : "output of " + key.podId() + "\n";
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Optional<Boolean> engineReadiness(PodKey key) {
    reachable();
    return Optional.ofNullable(engineReady);
  }

  private ObservedPod observed(Container c) {
    if (c.state == ContainerState.RUNNING
        && c.sockets.isEmpty()
        && Duration.between(c.createdAt, Instant.now()).compareTo(readyAfter) >= 0) {
      listen(c);
    }
    return new ObservedPod(
        c.spec.key(),
        c.spec.generation(),
        c.id,
        c.state,
        c.exitCode,
        c.oom,
        null,
        c.startedAt,
        null,
        Map.copyOf(new HashMap<>(c.endpoints)));
  }

  private synchronized void listen(Container c) {
    if (!c.sockets.isEmpty()) {
      return;
    }
    try {
      for (PortSpec port : c.spec.ports()) {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        c.sockets.add(socket);
        c.endpoints.put(port.containerPort(), new Endpoint("127.0.0.1", socket.getLocalPort()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeSockets(Container c) {
    for (ServerSocket s : c.sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a test socket
      }
    }
  }

  private void reachable() {
    if (unreachable) {
      throw new EngineUnavailableException("fake engine switched off");
    }
  }
}
