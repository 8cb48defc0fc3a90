package io.berth.pods.reconcile;

import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ContainerState;
import io.berth.runtime.Endpoint;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ImageNotFoundException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.RuntimeFailure;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A behavioural fake engine for reconciler tests: containers start at once, their ports begin to
 * accept connections (real loopback sockets) after a configurable delay, and a test can make them
 * exit, run out of memory, vanish, print, or make the whole engine unreachable. It counts what a
 * test may want bounded: calls that change containers in flight at once, bytes of output served.
 */
class FakeRuntime implements ContainerRuntime {
  private final Map<PodKey, Container> containers = new ConcurrentHashMap<>();
  private final Map<PodKey, AtomicInteger> applies = new ConcurrentHashMap<>();
  private final Map<PodKey, AtomicInteger> observes = new ConcurrentHashMap<>();
  private final AtomicInteger listings = new AtomicInteger();
  private final Set<String> missingImages = ConcurrentHashMap.newKeySet();
  private volatile Duration readyAfter = Duration.ZERO;
  private volatile boolean unreachable;
  private volatile Boolean engineReady;
  private final Map<PodKey, PodSpec> lastSpecs = new ConcurrentHashMap<>();
  private final AtomicInteger changing = new AtomicInteger();
  private final AtomicInteger mostChanging = new AtomicInteger();
  private final Map<PodKey, CountDownLatch> slowRemovals = new ConcurrentHashMap<>();
  private final Set<PodKey> removing = ConcurrentHashMap.newKeySet();
  private volatile CountDownLatch appliesHeld = new CountDownLatch(0);
  private final AtomicLong outputServed = new AtomicLong();

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
    final FakeLog log = new FakeLog(outputServed);

    Container(PodSpec spec) {
      this.spec = spec;
      log.print("output of " + spec.key().podId() + "\n");
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

  /** How often the engine was asked about this pod's container alone (not in a listing). */
  int observes(PodKey key) {
    return observes.getOrDefault(key, new AtomicInteger()).get();
  }

  /** How often every container was listed (each full pass lists once). */
  int listings() {
    return listings.get();
  }

  int applies(PodKey key) {
    return applies.getOrDefault(key, new AtomicInteger()).get();
  }

  /** Applies wait until {@link #releaseApplies()}. */
  void holdApplies() {
    appliesHeld = new CountDownLatch(1);
  }

  void releaseApplies() {
    appliesHeld.countDown();
  }

  /** Stopping this pod's container takes until {@link #finishRemoving} (a stop that hangs). */
  void slowRemoval(PodKey key) {
    slowRemovals.put(key, new CountDownLatch(1));
  }

  void finishRemoving(PodKey key) {
    CountDownLatch latch = slowRemovals.remove(key);
    if (latch != null) {
      latch.countDown();
    }
  }

  boolean removing(PodKey key) {
    return removing.contains(key);
  }

  /** Calls that create, start or remove containers in flight now, and the most ever. */
  int changing() {
    return changing.get();
  }

  int mostChanging() {
    return mostChanging.get();
  }

  void resetMostChanging() {
    mostChanging.set(changing.get());
  }

  /** The container prints (no newline added). */
  void print(PodKey key, String text) {
    containers.get(key).log.print(text);
  }

  /** Bytes of containers' output the engine sent, timestamps and repeats included. */
  long outputServed() {
    return outputServed.get();
  }

  /** The same, of one pod's current container. */
  long outputServed(PodKey key) {
    return containers.get(key).log.served();
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
    c.log.end();
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
      c.log.end();
    }
  }

  /** A labelled container the database does not know about. */
  void plant(PodSpec spec) {
    containers.put(spec.key(), new Container(spec));
  }

  @Override
  public ObservedPod apply(PodSpec spec) {
    reachable();
    return changingContainers(() -> {
      await(appliesHeld);
      return create(spec);
    });
  }

  private ObservedPod create(PodSpec spec) {
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
      vanish(spec.key());
    }
    Container created = new Container(spec);
    containers.put(spec.key(), created);
    return observed(created);
  }

  @Override
  public Optional<ObservedPod> observe(PodKey key) {
    observes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    reachable();
    return Optional.ofNullable(containers.get(key)).map(this::observed);
  }

  @Override
  public List<ObservedPod> observeAll() {
    listings.incrementAndGet();
    reachable();
    return containers.values().stream().map(this::observed).toList();
  }

  @Override
  public void stop(PodKey key) {
    reachable();
    removing.add(key);
    try {
      CountDownLatch slow = slowRemovals.get(key);
      if (slow != null) {
        await(slow);
      }
    } finally {
      removing.remove(key);
    }
  }

  @Override
  public void remove(PodKey key) {
    reachable();
    changingContainers(() -> {
      vanish(key);
      return null;
    });
  }

  @Override
  public OutputChunk readOutput(ObservedPod container, OutputCursor from) {
    reachable();
    Container c = containers.get(container.key());
    if (c == null || !c.id.equals(container.containerId())) {
      throw new RuntimeFailure("no such container " + container.containerId());
    }
    return c.log.read(from);
  }

  @Override
  public OutputFollower followOutput(ObservedPod container, OutputCursor from, OutputSink sink) {
    reachable();
    Container c = containers.get(container.key());
    if (c == null || !c.id.equals(container.containerId())) {
      sink.ended(null);
      return () -> {};
    }
    return c.log.follow(from, sink);
  }

  private <T> T changingContainers(java.util.function.Supplier<T> call) {
    mostChanging.accumulateAndGet(changing.incrementAndGet(), Math::max);
    try {
      return call.get();
    } finally {
      changing.decrementAndGet();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
        Map.copyOf(new HashMap<>(c.endpoints)),
        List.of());
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
