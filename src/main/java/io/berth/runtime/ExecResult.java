package io.berth.runtime;

import java.time.Duration;

/**
 * How a command run in a pod's container ended: its exit code (null when it did not end within its
 * timeout), what it wrote to each stream (each cut after the limit it was given, {@code outputCut}
 * then saying so) and how long it ran.
 */
public record ExecResult(
    Integer exitCode,
    String stdout,
    String stderr,
    boolean timedOut,
    boolean outputCut,
    Duration took) {

  public boolean succeeded() {
    return exitCode != null && exitCode == 0;
  }
}
