package io.berth.pods.reconcile;

import io.berth.runtime.ContainerState;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ObservedPod;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.PodKey;
import io.berth.runtime.RuntimeFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pods' output, read from the engine incrementally and saved every {@code log-save-interval}: the
 * database keeps the last {@code log-tail-bytes} of the container's output, a last line without its
 * newline included. Each read asks only for what came after the last one (a cursor), never the
 * whole output again. A quiet pod is asked now and then (less often while it stays quiet); a
 * talkative one, once its output passes {@link #FOLLOW_ABOVE}, is followed as a stream instead,
 * since every "since" read costs the engine a scan of the whole log. When the container ends its
 * output is read to the end; the first save from a new container replaces what the previous one
 * left.
 */
@Component
public class PodOutput {
  private static final Logger log = LoggerFactory.getLogger(PodOutput.class);

  /** Past this much output a container is followed: each "since" read scans its whole log. */
  static final long FOLLOW_ABOVE = 1024 * 1024;

  /** A read bringing this much (its last second comes again at every read) means: follow. */
  static final long REPEAT_ABOVE = 64 * 1024;

  /** A quiet pod is asked at most this many save intervals apart. */
  private static final int QUIET_BACKOFF = 8;

  /** A stream that ended while its container runs on is followed again after this. */
  private static final Duration FOLLOW_AGAIN_AFTER = Duration.ofSeconds(30);

  private final MeteredRuntime runtime;
  private final ObservedStateStore store;
  private final ReconcilerProperties properties;
  private final Clock clock;
  private final Map<PodKey, Reader> readers = new ConcurrentHashMap<>();

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

  /** Keeps a running container's output: read when due, followed once talkative, saved. */
  public void keep(ObservedPod container) {
    Reader reader = reader(container);
    Instant now = clock.instant();
    if (reader.following()) {
      reader.followAgainIfEnded(container, now);
    } else if (!now.isBefore(reader.nextRead)) {
      OutputChunk chunk = read(container, reader);
      boolean quiet = chunk == null || chunk.text().isEmpty();
      reader.readEvery =
          quiet
              ? min(reader.readEvery.multipliedBy(2), interval().multipliedBy(QUIET_BACKOFF))
              : interval();
      reader.nextRead = now.plus(reader.readEvery);
      // a big log costs a scan per read, a big last second comes again at every read: follow
      boolean big =
          reader.total > FOLLOW_ABOVE || (chunk != null && chunk.received() > REPEAT_ABOVE);
      if (big && container.state() == ContainerState.RUNNING) {
        reader.follow(container);
      }
    }
    if (Duration.between(reader.lastSave, now).compareTo(interval()) >= 0) {
      save(container.key(), reader);
    }
  }

  /**
   * The container ended, or is about to be stopped and removed: reads its output to the end (once,
   * even when Berth started after it ended), saves it and forgets the container. {@code container}
   * null: none is known; what was read is saved.
   */
  public void finish(PodKey key, ObservedPod container) {
    Reader reader = container == null ? readers.get(key) : reader(container);
    if (reader == null) {
      return;
    }
    readers.remove(key, reader);
    reader.stopFollowing();
    if (container != null) {
      read(container, reader);
    }
    save(key, reader);
  }

  /** The pod is gone, its saved output with it: stops reading. */
  public void forget(PodKey key) {
    Reader reader = readers.remove(key);
    if (reader != null) {
      reader.stopFollowing();
    }
  }

  public void closeAll() {
    readers.keySet().forEach(this::forget);
  }

  private Reader reader(ObservedPod container) {
    PodKey key = container.key();
    Reader current = readers.get(key);
    if (current != null && current.containerId.equals(container.containerId())) {
      return current;
    }
    if (current != null) {
      readers.remove(key, current);
      current.stopFollowing();
      save(key, current); // what the previous container left
    }
    Reader reader = new Reader(container.containerId());
    readers.put(key, reader);
    return reader;
  }

  private OutputChunk read(ObservedPod container, Reader reader) {
    try {
      OutputChunk chunk = runtime.readOutput(container, reader.cursor());
      reader.output(chunk);
      return chunk;
    } catch (EngineUnavailableException | RuntimeFailure e) {
      log.debug("Could not read the output of pod {}: {}", container.key(), e.getMessage());
      return null;
    }
  }

  private void save(PodKey key, Reader reader) {
    String text;
    boolean replace;
    synchronized (reader) {
      reader.lastSave = clock.instant();
      text = reader.pending.take();
      replace = reader.replaces;
      if (!text.isEmpty()) {
        reader.replaces = false;
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

  private Duration interval() {
    return properties.logSaveInterval();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** One container's output: where reading stands, and what came since the last save. */
  private final class Reader implements OutputSink {
    final String containerId;
    final OutputTail pending = new OutputTail(properties.logTailBytes());
    OutputCursor cursor = OutputCursor.START;
    long total;
    Instant nextRead = clock.instant();
    Duration readEvery = interval();
    Instant lastSave = clock.instant();
    volatile OutputFollower stream;
    volatile StreamSink streamSink;
    volatile Instant streamEnded;

    /** Read from the container's first byte: its first save replaces the pod's saved output. */
    boolean replaces = true;

    Reader(String containerId) {
      this.containerId = containerId;
    }

    synchronized OutputCursor cursor() {
      return cursor;
    }

    @Override
    public synchronized void output(OutputChunk chunk) {
      byte[] bytes = chunk.text().getBytes(StandardCharsets.UTF_8);
      pending.append(bytes);
      total += bytes.length;
      cursor = chunk.next();
    }

    @Override
    public void ended(Throwable failure) {
      streamEnded = clock.instant();
      if (failure != null) {
        log.debug("The output stream of container {} broke: {}", containerId, failure.toString());
      }
    }

    boolean following() {
      return stream != null;
    }

    void follow(ObservedPod container) {
      streamEnded = null;
      StreamSink sink = new StreamSink();
      streamSink = sink;
      try {
        stream = runtime.followOutput(container, cursor(), sink);
      } catch (EngineUnavailableException | RuntimeFailure e) {
        stream = () -> {};
        ended(e);
      }
    }

    /** The stream ended yet the container runs on (the engine restarted): from the cursor. */
    void followAgainIfEnded(ObservedPod container, Instant now) {
      Instant ended = streamEnded;
      if (ended != null
          && container.state() == ContainerState.RUNNING
          && Duration.between(ended, now).compareTo(FOLLOW_AGAIN_AFTER) >= 0) {
        stopFollowing();
        follow(container);
      }
    }

    void stopFollowing() {
      StreamSink sink = streamSink;
      if (sink != null) {
        synchronized (this) {
          sink.stopped = true; // from here on, nothing it still delivers is taken
        }
      }
      OutputFollower s = stream;
      if (s != null) {
        s.close();
      }
    }

    /**
     * One stream's way into the reader. Closing a stream does not stop at once what its thread is
     * delivering: a chunk it sends after the final read would be saved after the output's end
     * (seen: a second of lines again after the last one), so a stopped stream's chunks are dropped.
     */
    private final class StreamSink implements OutputSink {
      volatile boolean stopped;

      @Override
      public void output(OutputChunk chunk) {
        synchronized (Reader.this) {
          if (!stopped) {
            Reader.this.output(chunk);
          }
        }
      }

      @Override
      public void ended(Throwable failure) {
        if (!stopped) {
          Reader.this.ended(failure);
        }
      }
    }
  }
}
