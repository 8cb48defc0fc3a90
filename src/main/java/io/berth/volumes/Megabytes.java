package io.berth.volumes;

/**
 * Sizes as Tapis reports them: whole MB (MiB), rounded up so that storage holding anything never
 * shows as 0.
 */
public final class Megabytes {
  private static final long MIB = 1024 * 1024;

  private Megabytes() {}

  public static long whole(long bytes) {
    return bytes <= 0 ? 0 : (bytes + MIB - 1) / MIB;
  }
}
