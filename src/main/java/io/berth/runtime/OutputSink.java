package io.berth.runtime;

/** Where a followed container's output goes, as the engine streams it. */
public interface OutputSink {
  /**
   * The next bytes of output, stdout and stderr interleaved as the engine sends them. A line may be
   * split anywhere and the last one may have no newline.
   */
  void output(byte[] bytes);

  /**
   * No more output will come: the container stopped or is gone ({@code failure} null), or the
   * stream broke ({@code failure} says how).
   */
  void ended(Throwable failure);
}
