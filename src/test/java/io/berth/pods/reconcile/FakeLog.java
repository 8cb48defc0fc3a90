package io.berth.pods.reconcile;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.berth.runtime.OutputChunk;
import io.berth.runtime.OutputCursor;
import io.berth.runtime.OutputFollower;
import io.berth.runtime.OutputSink;
import io.berth.runtime.TimestampedOutput;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A container's log as Podman 4 keeps it (k8s-file: whole lines and pieces of a line, each with its
 * time, in whole seconds as Podman's API gives them) and serves it: since a second, each line or
 * piece a message of its own, read or followed. Counts every byte served.
 */
final class FakeLog {
  private record Entry(Instant time, String text, boolean piece) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Follower> followers = new ArrayList<>();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong total;
  private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private boolean ended;

  FakeLog(AtomicLong total) {
    this.total = total;
  }

  long served() {
    return served.get();
  }

  /** Each print a second after the one before. */
  synchronized void print(String text) {
    now = now.plusSeconds(1);
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      entries.add(new Entry(now, text.substring(start, nl), false));
      start = nl + 1;
    }
    if (start < text.length()) {
      entries.add(new Entry(now, text.substring(start), true));
    }
    followers.forEach(Follower::sendNew);
  }

  synchronized OutputChunk read(OutputCursor from) {
    TimestampedOutput output = new TimestampedOutput(from);
    for (String message : messages(from)) {
      output.acceptMessage(count(message));
    }
    output.end();
    return output.take();
  }

  synchronized OutputFollower follow(OutputCursor from, OutputSink sink) {
    Follower follower = new Follower(from, sink);
    follower.sendNew();
    if (ended) {
      sink.ended(null);
      return () -> {};
    }
    followers.add(follower);
    return () -> {
      synchronized (this) {
        followers.remove(follower);
      }
    };
  }

  /** The container stopped or is gone: its streams end. */
  synchronized void end() {
    ended = true;
    followers.forEach(f -> f.sink.ended(null));
    followers.clear();
  }

  /** Lines and pieces since the cursor's second. */
  private List<String> messages(OutputCursor from) {
    Long since = TimestampedOutput.sinceSecond(from);
    List<String> messages = new ArrayList<>();
    for (Entry e : entries) {
      if (since == null || e.time().getEpochSecond() >= since) {
        messages.add(e.time() + " " + e.text() + (e.piece() ? "" : "\n"));
      }
    }
    return messages;
  }

  private byte[] count(String message) {
    byte[] bytes = message.getBytes(UTF_8);
    served.addAndGet(bytes.length);
    total.addAndGet(bytes.length);
    return bytes;
  }

  private final class Follower {
    final OutputCursor from;
    final TimestampedOutput output;
    final OutputSink sink;
    int sent; // messages sent

    Follower(OutputCursor from, OutputSink sink) {
      this.from = from;
      this.output = new TimestampedOutput(from);
      this.sink = sink;
    }

    /** Sends the lines and pieces not sent yet. */
    void sendNew() {
      List<String> all = messages(from);
      for (String message : all.subList(sent, all.size())) {
        output.acceptMessage(count(message));
        sink.output(output.take());
      }
      sent = all.size();
    }
  }
}
