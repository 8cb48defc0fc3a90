package io.berth.runtime;

/** Where a followed container's output goes, as the engine streams it. */
public interface OutputSink {
  /** The next output, with where reading stands after it. */
  void output(OutputChunk chunk);

  /**
   * No more output will come: the container stopped or is gone ({@code failure} null), or the
   * stream broke ({@code failure} says how).
   */
  void ended(Throwable failure);
}
