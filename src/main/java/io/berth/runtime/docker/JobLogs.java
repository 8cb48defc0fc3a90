package io.berth.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.berth.runtime.JobKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A job container's output as the engine keeps it: its log's tail, or its stdout's head. */
final class JobLogs {
  private final EngineConnection engine;
  private final String site;

  JobLogs(EngineConnection engine, String site) {
    this.engine = engine;
    this.site = site;
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
      var cmd =
          engine
              .client()
              .logContainerCmd(JobContainers.name(site, key))
              .withStdOut(out)
              .withStdErr(err);
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
      if (JobContainers.gone(e)) {
        return new byte[0]; // no such container (any more): no output
      }
      throw e;
    } else if (collector.failure instanceof RuntimeException e) {
      throw e;
    }
    return collector.bytes();
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
