package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A container's output followed through the engine's logs stream, from the first byte, with
 * follow=true: the engine sends each byte once and ends the stream when the container stops or is
 * removed. Never asks for a tail (Podman re-reads the whole log file for every tail asked, and
 * drops a last line without its newline).
 */
final class FollowedOutput extends ResultCallback.Adapter<Frame> implements OutputFollower {
  private final OutputSink sink;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closed;

  private FollowedOutput(OutputSink sink) {
    this.sink = sink;
  }

  static FollowedOutput start(DockerClient streams, String containerId, OutputSink sink) {
    FollowedOutput output = new FollowedOutput(sink);
    streams
        .logContainerCmd(containerId)
        .withStdOut(true)
        .withStdErr(true)
        .withFollowStream(true)
        .exec(output);
    return output;
  }

  @Override
  public void onNext(Frame frame) {
    if (frame.getStreamType() != StreamType.STDIN && frame.getPayload() != null) {
      sink.output(frame.getPayload());
    }
  }

  @Override
  public void onComplete() {
    end(null);
    release();
  }

  /** Not the template's: it logs every failure as an error, a removed container included. */
  @Override
  public void onError(Throwable failure) {
    // a container removed before or while it was followed simply has no more output
    end(closed || failure instanceof NotFoundException ? null : failure);
    release();
  }

  @Override
  public void close() {
    closed = true;
    release();
    end(null);
  }

  private void release() {
    try {
      super.close();
    } catch (IOException | RuntimeException e) {
      // the stream is being torn down anyway
    }
  }

  private void end(Throwable failure) {
    if (ended.compareAndSet(false, true)) {
      sink.ended(failure);
    }
  }
}
