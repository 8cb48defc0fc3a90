package io.berth.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/** A sink that keeps everything a followed container sent, for tests. */
public final class CollectedOutput implements OutputSink {
  private final StringBuilder text = new StringBuilder();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Throwable failure;

  @Override
  public synchronized void output(OutputChunk chunk) {
    text.append(chunk.text());
  }

  @Override
  public void ended(Throwable failure) {
    this.failure = failure;
    ended.set(true);
  }

  public synchronized String text() {
    return text.toString();
  }

  public boolean ended() {
    return ended.get();
  }

  public Throwable failure() {
    return failure;
  }
}
