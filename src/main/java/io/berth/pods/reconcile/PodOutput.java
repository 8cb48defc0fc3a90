package io.berth.pods.reconcile;

import io.berth.runtime.ContainerState;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.PodKey;
import io.berth.runtime.RuntimeFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pods' output, followed as the engine produces it (each byte read from the engine once, never the
 * whole tail again) and saved every {@code log-save-interval}: the database keeps the last {@code
 * log-tail-bytes} of the container's output, a last line without its newline included. The first
 * save from a new container replaces what the previous one left. Following stops when the container
 * stops or goes.
 */
@Component
public class PodOutput {
  private static final Logger log = LoggerFactory.getLogger(PodOutput.class);

  /** A stream that ended while its container still runs is read again (from the start) after. */
  private static final Duration FOLLOW_AGAIN_AFTER = Duration.ofSeconds(30);

  private final MeteredRuntime runtime;
  private final ObservedStateStore store;
  private final ReconcilerProperties properties;
  private final Clock clock;
  private final Map<PodKey, Follower> followers = new ConcurrentHashMap<>();

  public PodOutput(
      MeteredRuntime runtime,
      ObservedStateStore store,
      ReconcilerProperties properties,
      Clock clock) {
    this.runtime = runtime;
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /** Follows this container's output, unless it already is. */
  public void follow(ObservedPod container) {
    PodKey key = container.key();
    Follower current = followers.get(key);
    if (current != null) {
      if (current.containerId.equals(container.containerId())
          && !current.mayFollowAgain(container, clock.instant())) {
        return;
      }
      followers.remove(key, current);
      current.close();
      save(key, current); // what the previous container (or stream) left
    }
    Follower follower = new Follower(container.containerId(), properties.logTailBytes());
    followers.put(key, follower);
    try {
      follower.handle = runtime.followOutput(container, follower);
    } catch (EngineUnavailableException | RuntimeFailure e) {
      follower.ended(e);
    }
  }

  /** Saves what came since the last save, once {@code log-save-interval} has passed. */
  public void saveIfDue(PodKey key) {
    Follower follower = followers.get(key);
    if (follower != null
        && Duration.between(follower.lastSave, clock.instant())
                .compareTo(properties.logSaveInterval())
            >= 0) {
      save(key, follower);
    }
  }

  /** Waits (up to {@code output-drain}) until the engine has sent the container's last output. */
  public void awaitEnd(PodKey key) {
    Follower follower = followers.get(key);
    if (follower != null) {
      follower.awaitEnd(properties.outputDrain());
    }
  }

  /** The container stopped or was removed: keeps the rest of its output, stops following. */
  public void finish(PodKey key) {
    Follower follower = followers.remove(key);
    if (follower != null) {
      follower.awaitEnd(properties.outputDrain());
      follower.close();
      save(key, follower);
    }
  }

  /** The pod is gone, its saved output with it: stops following. */
  public void forget(PodKey key) {
    Follower follower = followers.remove(key);
    if (follower != null) {
      follower.close();
    }
  }

  public void closeAll() {
    followers.keySet().forEach(this::forget);
  }

  private void save(PodKey key, Follower follower) {
    String text;
    boolean replace;
    synchronized (follower) {
      follower.lastSave = clock.instant();
      text = follower.pending.take();
      replace = follower.replaces;
      if (!text.isEmpty()) {
        follower.replaces = false;
      }
    }
    if (text.isEmpty()) {
      return;
    }
    if (replace) {
      store.saveLogs(key.tenant(), key.podId(), text);
    } else {
      store.appendLogs(key.tenant(), key.podId(), text, properties.logTailBytes());
    }
  }

  /** One container's output stream and what it brought since the last save. */
  private final class Follower implements OutputSink {
    final String containerId;
    final OutputTail pending;
    final CompletableFuture<Void> end = new CompletableFuture<>();
    volatile OutputFollower handle;
    volatile Instant endedAt;
    volatile boolean received;
    volatile boolean failed;
    Instant lastSave = clock.instant();

    /** Read from the container's first byte: its first save replaces the pod's saved output. */
    boolean replaces = true;

    Follower(String containerId, int limit) {
      this.containerId = containerId;
      this.pending = new OutputTail(limit);
    }

    @Override
    public void output(byte[] bytes) {
      received = true;
      pending.append(bytes);
    }

    @Override
    public void ended(Throwable failure) {
      failed = failure != null;
      endedAt = clock.instant();
      end.complete(null);
      if (failure != null) {
        log.debug("The output stream of container {} broke: {}", containerId, failure.toString());
      }
    }

    /**
     * The stream ended but the container runs on: read it again, at once when nothing came (it
     * could not start), else after a while (the engine restarted, say: the whole output is read
     * again).
     */
    boolean mayFollowAgain(ObservedPod container, Instant now) {
      Instant ended = endedAt;
      return ended != null
          && container.state() == ContainerState.RUNNING
          && ((failed && !received)
              || Duration.between(ended, now).compareTo(FOLLOW_AGAIN_AFTER) >= 0);
    }

    void awaitEnd(Duration timeout) {
      try {
        end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // the engine did not end the stream in time: keep what came
      }
    }

    void close() {
      OutputFollower h = handle;
      if (h != null) {
        h.close();
      }
    }
  }
}
