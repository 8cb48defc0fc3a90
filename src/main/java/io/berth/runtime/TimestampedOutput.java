package io.berth.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads an engine's timestamped output (each message "TIME text", as Docker, Podman and Kubernetes
 * send it with timestamps on) from where a cursor left off. Engines take "since" in whole seconds
 * (Podman also gives whole-second times), so the messages of the cursor's last second come again:
 * those the cursor counted are dropped, and each byte of output is passed on once. A piece of a
 * line (output without its newline yet, which Podman stores and sends as a message of its own with
 * its own time) is passed on and counted like a line, so a last line without newline is kept and
 * its rest, when it comes, is not preceded by it again.
 */
public final class TimestampedOutput {
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder text = new StringBuilder();
  private Instant last;
  private int atLast;
  private int repeats;
  private long received;

  public TimestampedOutput(OutputCursor from) {
    last = from.lastLine();
    atLast = from.linesAtLast();
    repeats = from.linesAtLast();
  }

  /** The whole second to ask the engine for output since; null: from the first byte. */
  public static Long sinceSecond(OutputCursor cursor) {
    return cursor.lastLine() == null ? null : cursor.lastLine().getEpochSecond();
  }

  /** Bytes of a stream cut anywhere: messages end at their newline. */
  public void accept(byte[] bytes) {
    accept(bytes, 0, bytes.length);
  }

  /** {@code length} bytes of {@code bytes} from {@code offset}: a reader's buffer, not copied. */
  public synchronized void accept(byte[] bytes, int offset, int length) {
    received += length;
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        line.write(bytes, start, i + 1 - start);
        message();
        start = i + 1;
      }
    }
    line.write(bytes, start, end - start);
  }

  /** One engine message (a Docker frame): a line, or a piece of one when it has no newline. */
  public synchronized void acceptMessage(byte[] bytes) {
    accept(bytes);
    end();
  }

  /** The response or stream is over: what is left is a piece of a line, without newline. */
  public synchronized void end() {
    if (line.size() > 0) {
      message();
    }
  }

  /** The output not taken yet, and where reading stands. */
  public synchronized OutputChunk take() {
    OutputChunk chunk = new OutputChunk(text.toString(), cursor(), received);
    text.setLength(0);
    received = 0;
    return chunk;
  }

  public synchronized OutputCursor cursor() {
    return new OutputCursor(last, atLast);
  }

  private void message() {
    String raw = line.toString(UTF_8);
    line.reset();
    int space = raw.indexOf(' ');
    Instant time = space > 0 ? time(raw.substring(0, space)) : null;
    String content = time == null ? raw : raw.substring(space + 1);
    if (time != null && last != null) {
      int order = time.compareTo(last);
      if (order < 0) {
        return; // read before
      }
      if (order == 0 && repeats > 0) {
        repeats--;
        return; // one of the messages the cursor counted at its last time
      }
    }
    text.append(content);
    if (time != null) {
      if (time.equals(last)) {
        atLast++;
      } else {
        last = time;
        atLast = 1;
        repeats = 0;
      }
    }
  }

  private static Instant time(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notATime) {
        return null;
      }
    }
  }
}
