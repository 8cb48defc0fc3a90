package io.berth.runtime.kubernetes;

import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pod's container log followed through the API server (follow=true, from the first byte): the
 * kubelet sends each byte once and ends the stream when the container stops or the pod goes.
 */
final class FollowedLog implements OutputFollower {
  private final LogWatch watch;

  private FollowedLog(LogWatch watch) {
    this.watch = watch;
  }

  static FollowedLog start(
      KubernetesClient client, String namespace, String name, OutputSink sink) {
    AtomicBoolean ended = new AtomicBoolean();
    LogWatch watch =
        client
            .pods()
            .inNamespace(namespace)
            .withName(name)
            .inContainer(PodManifests.CONTAINER)
            .watchLog(new SinkStream(sink));
    watch
        .onClose()
        .whenComplete((failure, error) -> {
          if (ended.compareAndSet(false, true)) {
            sink.ended(failure != null ? failure : error);
          }
        });
    return new FollowedLog(watch);
  }

  @Override
  public void close() {
    watch.close();
  }

  /** Hands each write to the sink as it comes. */
  private static final class SinkStream extends OutputStream {
    private final OutputSink sink;

    SinkStream(OutputSink sink) {
      this.sink = sink;
    }

    @Override
    public void write(int b) {
      sink.output(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (length > 0) {
        sink.output(Arrays.copyOfRange(bytes, offset, offset + length));
      }
    }
  }
}
