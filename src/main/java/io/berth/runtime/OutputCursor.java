package io.berth.runtime;

import java.time.Instant;

/**
 * Where reading a container's output left off: the time of the last whole line read, how many lines
 * carried exactly that time (engines may give whole seconds), and the last line so far when it has
 * no newline yet. Adapters read and advance it; the reconciler only keeps it.
 */
public record OutputCursor(Instant lastLine, int linesAtLast, String partial) {
  /** Nothing read yet: from the container's first byte. */
  public static final OutputCursor START = new OutputCursor(null, 0, "");

  public OutputCursor {
    partial = partial == null ? "" : partial;
  }
}
