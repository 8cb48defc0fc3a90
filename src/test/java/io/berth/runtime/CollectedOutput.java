package io.berth.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/** A sink that keeps everything a followed container sent, for tests. */
public final class CollectedOutput implements OutputSink {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Throwable failure;

  @Override
  public synchronized void output(byte[] piece) {
    bytes.writeBytes(piece);
  }

  @Override
  public void ended(Throwable failure) {
    this.failure = failure;
    ended.set(true);
  }

  public synchronized String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  public boolean ended() {
    return ended.get();
  }

  public Throwable failure() {
    return failure;
  }
}
