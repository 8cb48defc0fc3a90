package io.berth.runtime.kubernetes;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.TimestampedOutput;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pod's container log through the API server, with timestamps, since the cursor's second: read
 * once up to now, or followed until the container stops or the pod goes.
 */
final class FollowedLog implements OutputFollower {
  private final LogWatch watch;

  private FollowedLog(LogWatch watch) {
    this.watch = watch;
  }

  static OutputChunk read(
      KubernetesClient client, String namespace, String name, OutputCursor from) {
    TimestampedOutput output = new TimestampedOutput(from);
    String log = log(client, namespace, name, from).getLog();
    if (log != null) {
      output.accept(log.getBytes(UTF_8));
    }
    output.end();
    return output.take();
  }

  static FollowedLog follow(
      KubernetesClient client, String namespace, String name, OutputCursor from, OutputSink sink) {
    TimestampedOutput output = new TimestampedOutput(from);
    AtomicBoolean ended = new AtomicBoolean();
    LogWatch watch = log(client, namespace, name, from).watchLog(new SinkStream(output, sink));
    watch
        .onClose()
        .whenComplete((failure, error) -> {
          if (ended.compareAndSet(false, true)) {
            output.end();
            OutputChunk rest = output.take();
            if (!rest.text().isEmpty()) {
              sink.output(rest);
            }
            sink.ended(failure != null ? failure : error);
          }
        });
    return new FollowedLog(watch);
  }

  private static TailPrettyLoggable log(
      KubernetesClient client, String namespace, String name, OutputCursor from) {
    var container =
        client
            .pods()
            .inNamespace(namespace)
            .withName(name)
            .inContainer(PodManifests.CONTAINER)
            .usingTimestamps();
    Long since = TimestampedOutput.sinceSecond(from);
    return since == null ? container : container.sinceTime(Instant.ofEpochSecond(since).toString());
  }

  @Override
  public void close() {
    watch.close();
  }

  /** Hands each write to the reader, and what is new to the sink. */
  private static final class SinkStream extends OutputStream {
    private final TimestampedOutput output;
    private final OutputSink sink;

    SinkStream(TimestampedOutput output, OutputSink sink) {
      this.output = output;
      this.sink = sink;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (length > 0) {
        output.accept(Arrays.copyOfRange(bytes, offset, offset + length));
        sink.output(output.take());
      }
    }
  }
}
