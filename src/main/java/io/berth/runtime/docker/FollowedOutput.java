package io.berth.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.TimestampedOutput;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A container's output through the engine's logs endpoint, with timestamps, since the cursor's
 * second: read once up to now, or followed (follow=true) until the container stops or is removed.
 * Never a tail: Podman re-reads its whole log file for every tail asked (minutes of CPU for a
 * talkative pod) and drops a last line without its newline.
 */
final class FollowedOutput extends ResultCallback.Adapter<Frame> implements OutputFollower {
  private final TimestampedOutput output;
  private final OutputSink sink;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closed;

  private FollowedOutput(OutputCursor from, OutputSink sink) {
    this.output = new TimestampedOutput(from);
    this.sink = sink;
  }

  /** What the container printed after the cursor, up to now. */
  static OutputChunk read(DockerClient docker, String containerId, OutputCursor from) {
    FollowedOutput read = new FollowedOutput(from, null);
    try {
      if (!command(docker, containerId, from).exec(read).awaitCompletion(60, TimeUnit.SECONDS)) {
        read.close();
        throw new RuntimeFailure("reading the output of " + containerId + " took over 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      read.close();
      throw new RuntimeFailure("interrupted while reading the output of " + containerId);
    }
    if (read.failure != null) {
      throw new RuntimeFailure("could not read the output of " + containerId + ": " + read.failure);
    }
    read.output.end();
    return read.output.take();
  }

  static FollowedOutput follow(
      DockerClient streams, String containerId, OutputCursor from, OutputSink sink) {
    FollowedOutput followed = new FollowedOutput(from, sink);
    command(streams, containerId, from).withFollowStream(true).exec(followed);
    return followed;
  }

  private static LogContainerCmd command(DockerClient docker, String id, OutputCursor from) {
    LogContainerCmd cmd =
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(true);
    Long since = TimestampedOutput.sinceSecond(from);
    return since == null ? cmd : cmd.withSince(since.intValue());
  }

  private volatile Throwable failure;

  @Override
  public void onNext(Frame frame) {
    if (frame.getStreamType() == StreamType.STDIN || frame.getPayload() == null) {
      return;
    }
    output.acceptMessage(frame.getPayload());
    if (sink != null) {
      OutputChunk chunk = output.take();
      if (!chunk.text().isEmpty() || chunk.received() > 0) {
        sink.output(chunk);
      }
    }
  }

  @Override
  public void onComplete() {
    end(null);
    release();
  }

  /** Not the template's: it logs every failure as an error, a removed container included. */
  @Override
  public void onError(Throwable error) {
    // a container removed before or while it was read simply has no more output
    Throwable real = closed || error instanceof NotFoundException ? null : error;
    failure = real;
    end(real);
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

  private void end(Throwable error) {
    if (ended.compareAndSet(false, true) && sink != null) {
      sink.ended(error);
    }
  }
}
