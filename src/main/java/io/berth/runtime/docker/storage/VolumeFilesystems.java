package io.berth.runtime.docker.storage;

import static io.berth.runtime.docker.storage.ImageSizes.STEP;
import static io.berth.runtime.docker.storage.ImageSizes.firstSize;
import static io.berth.runtime.docker.storage.ImageSizes.round;
import static io.berth.runtime.docker.storage.ImageSizes.tolerance;

import io.berth.runtime.storage.StorageFullException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A filesystem of its own for every size-limited storage, so its {@code size_limit} binds whoever
 * writes, pods included: a sparse image file ({@code filesystems/<id>.ext4}), ext4 without reserved
 * blocks, mounted through a loop device at {@code storage/<id>} with {@code nosuid,nodev}. The
 * image is sized so the filesystem holds at least the limit; a raised limit grows it online ({@code
 * resize2fs}); a lowered one shrinks it offline, when no container holds it (otherwise at a later
 * start). Images are mounted again at every start (after a reboot, say). It needs root and loop
 * devices: elsewhere storages are plain directories and the limit binds Berth's uploads only, which
 * is logged once at start.
 */
final class VolumeFilesystems {
  private static final Logger log = LoggerFactory.getLogger(VolumeFilesystems.class);
  private static final String IMAGE = ".ext4";
  private static final String LIMIT = ".limit";
  private static final String PARTIAL = ".new";

  private final StorageLayout layout;
  private final String unavailable;
  private final FilesystemTools tools;
  private final ImageDiskRoom room;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  // the image size that last fitted each limit: ext4's overhead is no formula, and a first size
  // that misses costs an offline resize (unmount, fsck, resize2fs, mount) at every create
  private final Map<Long, Long> fittedSizes = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger offlineResizes =
      new java.util.concurrent.atomic.AtomicInteger();

  VolumeFilesystems(StorageLayout layout, boolean enabled) {
    this.layout = layout;
    this.tools = new FilesystemTools(enabled);
    this.unavailable = tools.unavailable();
    this.room = new ImageDiskRoom(layout.images(), IMAGE);
  }

  boolean available() {
    return unavailable == null;
  }

  /** Says once, at start, how size limits are enforced here. */
  void report() {
    if (available()) {
      log.info(
          "Volume size limits are enforced by a filesystem per volume (ext4 images in {}, loop"
              + " mounts under {}): pods cannot write past a volume's size_limit",
          layout.images(),
          layout.root());
    } else {
      log.warn(
          "Volume size limits bind Berth's own uploads only: pods can write past them, since {}",
          unavailable);
    }
  }

  /** How many times a filesystem was resized unmounted (the slow way), for tests. */
  int offlineResizes() {
    return offlineResizes.get();
  }

  boolean has(String storageId) {
    return Files.exists(layout.image(storageId));
  }

  /** Whether {@code top} is a mount point (its filesystem is not the storage root's). */
  boolean mounted(Path top) {
    try {
      return Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)
          && !Files.getAttribute(top, "unix:dev", LinkOption.NOFOLLOW_LINKS)
              .equals(Files.getAttribute(layout.root(), "unix:dev"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes (or finishes making) the storage's filesystem, holding at least {@code limitBytes}. */
  void create(String storageId, long limitBytes) {
    locked(
        storageId,
        () -> {
          Path image = layout.image(storageId);
          directory(layout.images(), "rwx------");
          boolean fresh = !Files.exists(image);
          if (fresh) {
            Path partial = partial(image);
            Files.deleteIfExists(partial); // left by a create the disk could not hold
            long size = fittedSizes.getOrDefault(limitBytes, firstSize(limitBytes));
            room.require(image, size);
            length(partial, size);
            tools.run("mkfs.ext4", "-q", "-F", "-m", "0", "-E", "nodiscard", partial.toString());
            Files.move(partial, image);
          }
          writeLimit(storageId, limitBytes);
          mount(storageId, fresh);
          fit(storageId, limitBytes);
          if (fresh) {
            fittedSizes.put(limitBytes, Files.size(image));
          }
        });
  }

  /** Mounts every storage's filesystem that is not mounted, fitted to its last known limit. */
  void mountAll() {
    if (!available() || !Files.isDirectory(layout.images())) {
      return;
    }
    List<String> ids = new ArrayList<>();
    try (Stream<Path> images = Files.list(layout.images())) {
      images
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(IMAGE))
          .forEach(n -> ids.add(n.substring(0, n.length() - IMAGE.length())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String id : ids) {
      try {
        locked(
            id,
            () -> {
              mount(id);
              Long limit = readLimit(id);
              if (limit != null) {
                fit(id, limit);
              }
            });
      } catch (RuntimeException e) {
        log.error("Could not mount the filesystem of storage {}: {}", id, e.getMessage());
      }
    }
  }

  /** Applies a changed limit: grows at once, shrinks when no container holds the filesystem. */
  void resize(String storageId, long limitBytes) {
    locked(
        storageId,
        () -> {
          Long before = readLimit(storageId);
          writeLimit(storageId, limitBytes);
          mount(storageId);
          try {
            fit(storageId, limitBytes);
          } catch (StorageFullException e) {
            if (before != null) {
              writeLimit(storageId, before); // refused: the next start fits the limit kept
            }
            throw e;
          }
        });
  }

  /** Unmounts the storage's filesystem and deletes its image. */
  void remove(String storageId) {
    locked(
        storageId,
        () -> {
          Path top = layout.top(storageId);
          if (mounted(top)) {
            if (tools.attempt("umount", top.toString()) != 0) {
              // busy in this namespace (a download still streaming): detach now, freed when closed
              tools.run("umount", "-l", top.toString());
            }
          }
          Files.deleteIfExists(layout.image(storageId));
          Files.deleteIfExists(partial(layout.image(storageId)));
          Files.deleteIfExists(limitFile(storageId));
        });
  }

  /**
   * The storages with an image, a half-made image or a recorded limit here, by id, each with the
   * last time one of those files changed. A mounted image's own time is left out: the kernel writes
   * the filesystem's dirty blocks into it up to half a minute after anything inside changed (a
   * mount, a look at a directory's times), so it says nothing about when Berth last made or changed
   * the storage; the times inside it, which {@link StorageLayout#lastChanged} reads, do.
   */
  Map<String, Instant> lastChanged(String prefix) {
    Map<String, Instant> changed = new HashMap<>();
    if (!Files.isDirectory(layout.images())) {
      return changed;
    }
    try (Stream<Path> files = Files.list(layout.images())) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        String id = storageIdOf(name);
        if (id == null || !id.startsWith(prefix)) {
          continue;
        }
        Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        if (name.equals(id + IMAGE) && mountedAt(id)) {
          modified = Instant.EPOCH;
        }
        changed.merge(id, modified, (a, b) -> a.isAfter(b) ? a : b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return changed;
  }

  private boolean mountedAt(String storageId) {
    try {
      return mounted(layout.top(storageId));
    } catch (IllegalArgumentException notAStorageId) {
      return false;
    }
  }

  private static String storageIdOf(String fileName) {
    for (String suffix : List.of(IMAGE + PARTIAL, IMAGE, LIMIT)) {
      if (fileName.endsWith(suffix)) {
        return fileName.substring(0, fileName.length() - suffix.length());
      }
    }
    return null;
  }

  private static Path partial(Path image) {
    return image.resolveSibling(image.getFileName() + PARTIAL);
  }

  private void mount(String storageId) throws IOException {
    mount(storageId, false);
  }

  /** A {@code fresh} image, just made here, needs no check and is attached to no loop device. */
  private void mount(String storageId, boolean fresh) throws IOException {
    Path top = layout.top(storageId);
    Path image = layout.image(storageId);
    if (!mounted(top)) {
      directory(top, "rwx--x--x");
      try (Stream<Path> entries = Files.list(top)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(top + " is not empty: its files would be hidden by the mount");
        }
      }
      if (!fresh && tools.attached(image).isEmpty()) {
        // nobody uses the image: check it, as after a crash or a reboot (0-2: clean or repaired)
        int fsck = tools.attempt("e2fsck", "-p", image.toString());
        if (fsck > 2) {
          throw new IOException("e2fsck found errors it could not repair in " + image);
        }
      }
      // a loop device already attached to the image (a container still holds it) is reused
      tools.run("mount", "-o", "loop,nosuid,nodev", image.toString(), top.toString());
    }
    if (!layout.laidOut(top)) {
      layout.lay(top);
    }
  }

  /**
   * Grows the filesystem until it holds {@code limitBytes}, online where the kernel lets Berth
   * (CAP_SYS_RESOURCE), offline otherwise; shrinks it offline when it is much larger.
   */
  private void fit(String storageId, long limitBytes) throws IOException {
    Path top = layout.top(storageId);
    Path image = layout.image(storageId);
    for (int attempt = 0; attempt < 6; attempt++) {
      long total = Files.getFileStore(top).getTotalSpace();
      if (total >= limitBytes && total - limitBytes <= tolerance(limitBytes)) {
        return;
      }
      if (total < limitBytes) {
        long deficit = limitBytes - total;
        long size = round(Files.size(image) + deficit + deficit / 20 + STEP);
        if (!growOnline(top, image, size) && !offline(storageId, size)) {
          return;
        }
      } else {
        long size = round(Files.size(image) - (total - limitBytes) + tolerance(limitBytes) / 2);
        if (!offline(storageId, size)) {
          return;
        }
      }
    }
    throw new IOException("could not fit the filesystem of " + storageId + " to its limit");
  }

  private boolean growOnline(Path top, Path image, long size) throws IOException {
    room.require(image, size);
    length(image, size);
    String device = Files.getFileStore(top).name();
    tools.run("losetup", "-c", device);
    return tools.attempt("resize2fs", device) == 0;
  }

  /**
   * Resizes the filesystem unmounted to an image of {@code size} bytes, unless a container still
   * holds it (its loop device stays attached after Berth's own mount is gone): then it is mounted
   * again as it was and resized at a later start or resize; answers whether it was resized.
   */
  private boolean offline(String storageId, long size) throws IOException {
    Path top = layout.top(storageId);
    Path image = layout.image(storageId);
    if (tools.attempt("umount", top.toString()) != 0) {
      log.info("Storage {} is resized later: Berth itself is using it", storageId);
      return false;
    }
    try {
      if (!tools.detached(image)) {
        log.info("Storage {} is resized later: a container still mounts it", storageId);
        return false;
      }
      offlineResizes.incrementAndGet();
      tools.run("e2fsck", "-f", "-y", image.toString());
      if (size > Files.size(image)) {
        room.require(image, size);
        length(image, size);
        tools.run("resize2fs", image.toString());
      } else {
        tools.run("resize2fs", image.toString(), (size / 1024) + "K");
        length(image, size);
      }
      return true;
    } finally {
      mount(storageId);
    }
  }

  /**
   * Whether an image-backed storage's disk can take {@code bytes} more (with room for the
   * filesystem's own metadata), checked before an upload is written into it.
   */
  boolean hostCanTake(long bytes) {
    return room.canTake(bytes);
  }

  private void writeLimit(String storageId, long limitBytes) throws IOException {
    Files.writeString(limitFile(storageId), Long.toString(limitBytes));
  }

  private Long readLimit(String storageId) {
    try {
      return Long.parseLong(Files.readString(limitFile(storageId), StandardCharsets.UTF_8).strip());
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private Path limitFile(String storageId) {
    return layout.images().resolve(layout.top(storageId).getFileName() + LIMIT);
  }

  private static void length(Path file, long bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes); // sparse: blocks are used only when written
    }
  }

  private static void directory(Path dir, String mode) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  /** One change at a time per storage (two resizes, a resize and a delete). */
  private void locked(String storageId, IoAction action) {
    ReentrantLock lock = locks.computeIfAbsent(storageId, id -> new ReentrantLock());
    lock.lock();
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }
}
