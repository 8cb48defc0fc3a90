package io.berth.volumes;

/** Sizes as Tapis reports them: MB (MiB), to six decimals so a small file does not show as 0. */
public final class Megabytes {
  private Megabytes() {}

  public static double of(long bytes) {
    return Math.round(bytes / 1.048576) / 1_000_000.0;
  }
}
