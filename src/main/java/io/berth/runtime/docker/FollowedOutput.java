package io.berth.runtime.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.TimestampedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A container's output through the engine's logs endpoint, with timestamps, since the cursor's
 * second: read once up to now, or followed (follow=true) on a thread of its own until the container
 * stops or is removed. Never a tail: Podman re-reads its whole log file for every tail asked
 * (minutes of CPU for a talkative pod) and drops a last line without its newline. The stream is
 * decoded by {@link MultiplexedOutput}, not docker-java, which cuts messages.
 */
final class FollowedOutput implements OutputFollower {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READ_AT_MOST = Duration.ofSeconds(60);

  private final DockerHttpClient http;
  private final DockerHttpClient.Request request;
  private final TimestampedOutput output;
  private final OutputSink sink;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closed;
  private volatile DockerHttpClient.Response response;

  private FollowedOutput(
      DockerHttpClient http, DockerHttpClient.Request request, OutputCursor from, OutputSink sink) {
    this.http = http;
    this.request = request;
    this.output = new TimestampedOutput(from);
    this.sink = sink;
  }

  /** What the container printed after the cursor, up to now. */
  static OutputChunk read(
      DockerHttpClient http, String path, String containerId, OutputCursor from) {
    TimestampedOutput output = new TimestampedOutput(from);
    long deadline = System.nanoTime() + READ_AT_MOST.toNanos();
    try (DockerHttpClient.Response response =
        http.execute(request(path, containerId, from, false))) {
      if (!gone(response, containerId)) {
        MultiplexedOutput.read(
            response.getBody(),
            output,
            () -> {
              if (System.nanoTime() > deadline) {
                throw new RuntimeFailure(
                    "reading the output of " + containerId + " took over " + READ_AT_MOST);
              }
            });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the output of " + containerId, e);
    }
    output.end();
    return output.take();
  }

  /** Follows the output after the cursor into {@code sink} until the stream ends or is closed. */
  static FollowedOutput follow(
      DockerHttpClient http, String path, String containerId, OutputCursor from, OutputSink sink) {
    FollowedOutput followed =
        new FollowedOutput(http, request(path, containerId, from, true), from, sink);
    Thread thread =
        new Thread(() -> followed.run(containerId), "pod-output-" + abbreviated(containerId));
    thread.setDaemon(true);
    thread.start();
    return followed;
  }

  private void run(String containerId) {
    Throwable failure = null;
    try (DockerHttpClient.Response opened = http.execute(request)) {
      response = opened;
      if (!closed && !gone(opened, containerId)) {
        MultiplexedOutput.read(opened.getBody(), output, this::deliver);
        output.end();
        deliver();
      }
    } catch (RuntimeException | IOException e) {
      failure = closed ? null : e; // closing breaks the read: that is no failure
    }
    end(failure);
  }

  private void deliver() {
    if (closed) {
      return;
    }
    OutputChunk chunk = output.take();
    if (!chunk.text().isEmpty() || chunk.received() > 0) {
      sink.output(chunk);
    }
  }

  @Override
  public void close() {
    closed = true;
    DockerHttpClient.Response open = response;
    if (open != null) {
      try {
        open.close();
      } catch (RuntimeException e) {
        // the stream is being torn down anyway
      }
    }
    end(null);
  }

  private void end(Throwable error) {
    if (ended.compareAndSet(false, true)) {
      sink.ended(error);
    }
  }

  /**
   * True when the container is gone (a container removed before or while it is read simply has no
   * more output); any other answer but 200 is a failure naming the engine's message.
   */
  private static boolean gone(DockerHttpClient.Response response, String containerId)
      throws IOException {
    int status = response.getStatusCode();
    if (status == 200) {
      return false;
    }
    if (status == 404) {
      return true;
    }
    String message = message(response.getBody());
    if (message.contains("no such container")) {
      return true;
    }
    throw new RuntimeFailure(
        "could not read the output of " + containerId + ": " + status + " " + message);
  }

  private static String message(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(4096);
    try {
      var json = JSON.readTree(bytes);
      if (json != null && json.hasNonNull("message")) {
        return json.get("message").asText();
      }
    } catch (IOException notJson) {
      // the body as it is
    }
    return new String(bytes, StandardCharsets.UTF_8).strip();
  }

  private static DockerHttpClient.Request request(
      String path, String containerId, OutputCursor from, boolean follow) {
    StringBuilder query =
        new StringBuilder(path)
            .append("/containers/")
            .append(URLEncoder.encode(containerId, StandardCharsets.UTF_8))
            .append("/logs?stdout=true&stderr=true&timestamps=true");
    Long since = TimestampedOutput.sinceSecond(from);
    if (since != null) {
      query.append("&since=").append(since);
    }
    if (follow) {
      query.append("&follow=true");
    }
    return DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET)
        .path(query.toString())
        .build();
  }

  private static String abbreviated(String containerId) {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }
}
