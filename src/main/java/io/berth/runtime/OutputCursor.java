package io.berth.runtime;

import java.time.Instant;

/**
 * Where reading a container's output left off: the time of the last message read (a line or a piece
 * of one) and how many messages carried exactly that time (engines may give whole seconds).
 * Adapters read and advance it; the reconciler only keeps it.
 */
public record OutputCursor(Instant lastLine, int linesAtLast) {
  /** Nothing read yet: from the container's first byte. */
  public static final OutputCursor START = new OutputCursor(null, 0);
}
