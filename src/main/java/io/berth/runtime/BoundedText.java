package io.berth.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream's bytes kept up to a limit, the rest counted and dropped: a command's output, read by an
 * engine's thread, shown as text. Bytes are decoded once at the end, so a character split between
 * two reads is kept whole.
 */
public final class BoundedText {
  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private boolean cut;

  public BoundedText(int limit) {
    this.limit = limit;
  }

  public synchronized void add(byte[] bytes) {
    add(bytes, 0, bytes.length);
  }

  public synchronized void add(byte[] bytes, int offset, int length) {
    int room = limit - kept.size();
    if (length > room) {
      cut = true;
    }
    kept.write(bytes, offset, Math.max(0, Math.min(room, length)));
  }

  public synchronized boolean cut() {
    return cut;
  }

  public synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }
}
