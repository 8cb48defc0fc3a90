package io.berth.runtime.docker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a storage lives under {@code BERTH_HOME}: {@code storage/<id>/data} is what pods mount and
 * users list, {@code storage/<id>/staging} (0700) is where uploads are written before their rename
 * into place, on the same filesystem but out of every pod's sight. A storage with a filesystem of
 * its own has it mounted at {@code storage/<id>} from the image {@code filesystems/<id>.ext4}.
 * Storages made before this layout (their files directly in {@code storage/<id>}) are moved into it
 * at start.
 */
final class StorageLayout {
  private static final Logger log = LoggerFactory.getLogger(StorageLayout.class);
  private static final Pattern STORAGE_ID = Pattern.compile("^[a-z][a-z0-9-]{1,200}$");
  static final String DATA = "data";
  static final String STAGING = "staging";
  private static final String MARKER = ".berth-storage";
  private static final String MIGRATING = ".migrating-";

  /** The staging directory storages of the first layout had inside the volume. */
  private static final String OLD_STAGING = ".berth-staging";

  private final Path home;
  private final Path root;

  StorageLayout(Path home) {
    this.home = home;
    this.root = home.resolve("storage");
  }

  Path root() {
    return root;
  }

  Path top(String storageId) {
    if (!STORAGE_ID.matcher(storageId).matches()) {
      throw new IllegalArgumentException("invalid storage id " + storageId);
    }
    return root.resolve(storageId);
  }

  Path data(String storageId) {
    return top(storageId).resolve(DATA);
  }

  Path staging(String storageId) {
    return top(storageId).resolve(STAGING);
  }

  Path images() {
    return home.resolve("filesystems");
  }

  Path image(String storageId) {
    return images().resolve(top(storageId).getFileName() + ".ext4");
  }

  /** Where sub_path mounts are pinned while a container starts (see {@link MountPins}). */
  Path pins() {
    return home.resolve("storage-pins");
  }

  boolean laidOut(Path top) {
    return Files.exists(top.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The storages laid out here (or begun: a directory without its marker yet) whose ids start with
   * {@code prefix}, each with the last time its directory, marker or data directory changed.
   */
  Map<String, Instant> lastChanged(String prefix) {
    Map<String, Instant> changed = new HashMap<>();
    try (Stream<Path> entries = Files.list(root)) {
      for (Path top : entries.toList()) {
        String name = top.getFileName().toString();
        if (name.startsWith(prefix) && STORAGE_ID.matcher(name).matches()) {
          Instant last = Instant.EPOCH;
          for (Path part : List.of(top, top.resolve(MARKER), top.resolve(DATA))) {
            if (Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
              Instant modified =
                  Files.getLastModifiedTime(part, LinkOption.NOFOLLOW_LINKS).toInstant();
              last = modified.isAfter(last) ? modified : last;
            }
          }
          changed.put(name, last);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return changed;
  }

  /** Makes {@code top} a storage: its data and staging directories, then the marker. */
  void lay(Path top) {
    try {
      mkdir(top, "rwx--x--x");
      mkdir(top.resolve(DATA), "rwxr-xr-x");
      mkdir(top.resolve(STAGING), "rwx------");
      if (!laidOut(top)) {
        Files.createFile(top.resolve(MARKER));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out storage " + top, e);
    }
  }

  void start() {
    try {
      mkdir(root, "rwx--x--x");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root, e);
    }
  }

  /**
   * Moves storages of the first layout into this one: {@code storage/<id>} becomes {@code
   * storage/<id>/data} by two renames through {@code storage/.migrating-<id>}, so a crash at any
   * point is finished at the next start. Containers that mount the old directory keep it: a rename
   * does not change what a bind mount holds.
   */
  void migrate(java.util.function.Predicate<Path> ownFilesystem) {
    List<Path> entries;
    try (Stream<Path> list = Files.list(root)) {
      entries = list.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      try {
        if (name.startsWith(MIGRATING)) {
          finish(entry, root.resolve(name.substring(MIGRATING.length())));
        } else if (STORAGE_ID.matcher(name).matches()
            && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
            && !ownFilesystem.test(entry)
            && !laidOut(entry)) {
          Path temporary = root.resolve(MIGRATING + name);
          mkdir(temporary, "rwx--x--x");
          Files.move(entry, temporary.resolve(DATA));
          finish(temporary, entry);
        }
      } catch (IOException e) {
        log.error("Could not move storage {} into the current layout: {}", entry, e.toString());
      }
    }
  }

  private void finish(Path temporary, Path top) throws IOException {
    if (Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.exists(temporary.resolve(DATA), LinkOption.NOFOLLOW_LINKS)) {
        Files.move(top, temporary.resolve(DATA)); // crashed between the two renames' first half
      } else {
        throw new IOException("both " + temporary + " and " + top + " exist");
      }
    }
    lay(temporary);
    Files.move(temporary, top);
    Path oldStaging = top.resolve(DATA).resolve(OLD_STAGING);
    if (Files.exists(oldStaging, LinkOption.NOFOLLOW_LINKS)) {
      Commands.run(List.of("rm", "-rf", "--one-file-system", "--", oldStaging.toString()));
    }
    log.info("Moved storage {} into the current layout (files now under {})", top, DATA);
  }

  private static void mkdir(Path dir, String mode) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    }
  }
}
