package io.berth.runtime.docker.storage;

import io.berth.runtime.storage.StorageFullException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Room on the disk holding the storages' images, without overcommit: an image may be made or grown
 * only if the disk can still take every image's unwritten rest, its own included. A sparse image
 * that cannot grow when ext4 inside it writes is worse than a refusal: the kernel loses the data it
 * already acknowledged and turns the volume read-only.
 */
final class ImageDiskRoom {
  private static final long MIB = 1024L * 1024L;
  // what ext4 inside an image may write besides a file's data (journal, inodes, bitmaps)
  private static final long HOST_MARGIN = 8 * MIB;

  private final Path images;
  private final String suffix;

  /** The images are the files ending in {@code suffix} in {@code images}. */
  ImageDiskRoom(Path images, String suffix) {
    this.images = images;
    this.suffix = suffix;
  }

  /** Refuses (storage full) an {@code image} of {@code size} bytes the disk could not hold. */
  void require(Path image, long size) throws IOException {
    long promised = unwritten(image);
    long ownAllocated = Files.exists(image) ? allocated(image) : 0;
    long needed = promised + Math.max(0, size - ownAllocated);
    long free = Files.getFileStore(images).getUsableSpace();
    if (free < needed) {
      throw StorageFullException.disk(
          "the disk holding "
              + images
              + " has "
              + free / MIB
              + " MiB free, less than the "
              + needed / MIB
              + " MiB the volumes' filesystems may still take");
    }
  }

  /**
   * Whether the disk can take {@code bytes} more (with room for the filesystem's own metadata),
   * checked before an upload is written into an image-backed storage.
   */
  boolean canTake(long bytes) {
    try {
      return Files.getFileStore(images).getUsableSpace() >= bytes + HOST_MARGIN;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the images other than {@code except} may still take from their disk as they fill. */
  private long unwritten(Path except) {
    String listing =
        Commands.run(
            List.of(
                "find",
                images.toString(),
                "-maxdepth",
                "1",
                "-name",
                "*" + suffix,
                "-printf",
                "%f %s %b\\n"));
    long total = 0;
    for (String line : listing.lines().toList()) {
      String[] f = line.split(" ");
      if (f.length == 3 && !f[0].equals(except.getFileName().toString())) {
        total += Math.max(0, Long.parseLong(f[1]) - Long.parseLong(f[2]) * 512);
      }
    }
    return total;
  }

  private static long allocated(Path file) throws IOException {
    String out = Commands.run(List.of("stat", "-c", "%b %B", file.toString()));
    String[] f = out.split(" ");
    return Long.parseLong(f[0]) * Long.parseLong(f[1]);
  }
}
