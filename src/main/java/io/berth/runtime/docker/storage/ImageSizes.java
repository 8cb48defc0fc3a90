package io.berth.runtime.docker.storage;

/** The sizes of a storage's image for a limit: pure arithmetic over ext4's overhead. */
final class ImageSizes {
  static final long MIB = 1024L * 1024L;
  static final long STEP = 64 * 1024;

  private ImageSizes() {}

  /** How much more than its limit a filesystem may hold (ext4's own rounding). */
  static long tolerance(long limitBytes) {
    return Math.max(512 * 1024, limitBytes / 100);
  }

  /** The image's first size: ext4 keeps more for itself on small filesystems. */
  static long firstSize(long limitBytes) {
    long overhead = limitBytes <= 64 * MIB ? limitBytes / 5 : limitBytes * 7 / 100;
    return round(limitBytes + overhead + 256 * 1024);
  }

  /** Up to a whole step. */
  static long round(long bytes) {
    return (bytes + STEP - 1) / STEP * STEP;
  }
}
