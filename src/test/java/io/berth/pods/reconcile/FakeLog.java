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
 * A container's log as Podman keeps it (k8s-file: whole lines and pieces of a line, each with its
 * time, in whole seconds as Podman's API gives them) and serves it: since a second, pieces merged
 * into their line, a last piece without newline served as it is when read (not while followed).
 * Counts every byte served.
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
    for (String message : messages(from, entries.size(), true)) {
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

  /** Lines since the cursor's second, pieces merged into their line, up to entry {@code to}. */
  private List<String> messages(OutputCursor from, int to, boolean lastPiece) {
    Long since = TimestampedOutput.sinceSecond(from);
    List<String> messages = new ArrayList<>();
    StringBuilder pieces = new StringBuilder();
    Instant pieceTime = null;
    for (Entry e : entries.subList(0, to)) {
      if (since != null && e.time().getEpochSecond() < since) {
        continue;
      }
      if (e.piece()) {
        pieceTime = pieceTime == null ? e.time() : pieceTime;
        pieces.append(e.text());
        continue;
      }
      messages.add(e.time() + " " + pieces + e.text() + "\n");
      pieces.setLength(0);
      pieceTime = null;
    }
    if (lastPiece && pieceTime != null) {
      messages.add(pieceTime + " " + pieces);
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

    /** Sends the whole lines not sent yet (pieces wait for their line, as Podman's do). */
    void sendNew() {
      List<String> all = messages(from, entries.size(), false);
      for (String message : all.subList(sent, all.size())) {
        output.acceptMessage(count(message));
        sink.output(output.take());
      }
      sent = all.size();
    }
  }
}
