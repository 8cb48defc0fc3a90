package io.berth.volumes;

import io.berth.config.BerthProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Storage as directories under {@code BERTH_HOME/storage}, which the Docker/Podman adapter
 * bind-mounts. Every path is confined: absolute paths, {@code ..} and symlinks leading outside are
 * refused before anything is written; uploads land in a hidden staging file and are renamed into
 * place, so a refused or failed upload leaves nothing behind.
 */
@Component
public class LocalVolumeStorage implements VolumeStorage {
  private static final Pattern STORAGE_ID = Pattern.compile("^[a-z][a-z0-9-]{1,200}$");
  static final String STAGING = Paths.STAGING;

  private final Path root;

  public LocalVolumeStorage(BerthProperties berth) {
    this.root = berth.homePath().resolve("storage");
    io(() -> Files.createDirectories(root));
  }

  @Override
  public void create(String storageId) {
    io(() -> Files.createDirectories(dir(storageId)));
  }

  @Override
  public void delete(String storageId) {
    deleteTree(dir(storageId));
  }

  @Override
  public void deleteAll(String prefix) {
    if (!Files.isDirectory(root)) {
      return;
    }
    io(() -> {
      try (Stream<Path> dirs = Files.list(root)) {
        dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
            .forEach(LocalVolumeStorage::deleteTree);
      }
    });
  }

  private static void deleteTree(Path top) {
    if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    io(() ->
        Files.walkFileTree(
            top,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                  throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
              }
            }));
  }

  @Override
  public long usage(String storageId) {
    Path dir = dir(storageId);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long[] total = {0};
    io(() ->
        Files.walkFileTree(
            dir,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
              }
            }));
    return total[0];
  }

  @Override
  public List<FileEntry> list(String storageId) {
    Path dir = dir(storageId);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<FileEntry> entries = new ArrayList<>();
    io(() -> {
      try (Stream<Path> files = Files.walk(dir)) {
        files
            .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
            .filter(p -> !dir.relativize(p).startsWith(STAGING))
            .sorted()
            .forEach(p -> {
              try {
                PosixFileAttributes a =
                    Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                entries.add(
                    new FileEntry(
                        dir.relativize(p).toString(),
                        a.size(),
                        a.lastModifiedTime().toInstant(),
                        PosixFilePermissions.toString(a.permissions())));
              } catch (IOException e) {
                // vanished while listing: a pod may be writing; skip it
              }
            });
      }
    });
    return entries;
  }

  @Override
  public void checkPath(String storageId, String path) {
    confined(dir(storageId), path);
  }

  @Override
  public long store(String storageId, String path, Upload upload, long maxBytes) {
    Path dir = dir(storageId);
    Path target = confined(dir, path);
    Path staging = dir.resolve(STAGING);
    Path staged = staging.resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(staging);
      long size = upload.writeTo(staged, maxBytes);
      Files.createDirectories(target.getParent());
      confined(dir, path); // the parents now exist: check again that none is a link outside
      Files.move(
          staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException("could not store " + path, e);
    } finally {
      try {
        Files.deleteIfExists(staged);
      } catch (IOException ignored) {
        // best effort: the staging directory is excluded from listings and usage is recomputed
      }
    }
  }

  @Override
  public StoredFile read(String storageId, String path) {
    Path file = confined(dir(storageId), path);
    if (!Files.isRegularFile(file)) {
      throw new StoragePathException("no file at " + path);
    }
    long size = io(() -> Files.size(file));
    return new StoredFile(
        size,
        file.getFileName().toString(),
        () -> io(() -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)));
  }

  @Override
  public void copy(String fromStorageId, String fromPath, String toStorageId, String toPath) {
    Path fromDir = dir(fromStorageId);
    Path source = fromPath.isEmpty() ? fromDir : confined(fromDir, fromPath);
    Path toDir = dir(toStorageId);
    Path destination = toPath.isEmpty() ? toDir : confined(toDir, toPath);
    io(() -> Files.createDirectories(destination));
    if (!Files.exists(source)) {
      throw new StoragePathException("nothing at " + fromPath);
    }
    // cp shares blocks (copy-on-write) where the filesystem supports reflinks, copies otherwise
    List<String> command =
        Files.isDirectory(source)
            ? List.of("cp", "-a", "--reflink=auto", source + "/.", destination + "/")
            : List.of("cp", "-a", "--reflink=auto", source.toString(), destination + "/");
    try {
      Process cp = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(cp.getInputStream().readAllBytes());
      if (cp.waitFor() != 0) {
        throw new UncheckedIOException(new IOException("copy failed: " + output.strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while copying", e);
    }
    deleteTree(destination.resolve(STAGING));
  }

  Path dir(String storageId) {
    if (!STORAGE_ID.matcher(storageId).matches()) {
      throw new IllegalArgumentException("invalid storage id " + storageId);
    }
    return root.resolve(storageId);
  }

  /** Resolves a relative path inside {@code dir}, refusing anything that could leave it. */
  static Path confined(Path dir, String path) {
    Paths.checked(path);
    Path resolved = dir.resolve(path).normalize();
    if (!resolved.startsWith(dir) || resolved.equals(dir)) {
      throw new StoragePathException("path " + path + " leaves the volume");
    }
    try {
      Path realDir = Files.exists(dir) ? dir.toRealPath() : dir;
      Path existing = resolved;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing != null && existing.startsWith(dir)) {
        Path real = existing.toRealPath();
        if (!real.startsWith(realDir)) {
          throw new StoragePathException("path " + path + " leads outside the volume (symlink)");
        }
      }
    } catch (NoSuchFileException e) {
      throw new StoragePathException("path " + path + " has a dangling symlink");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resolved;
  }

  private interface IoAction<T> {
    T run() throws IOException;
  }

  private interface IoVoid {
    void run() throws IOException;
  }

  private static <T> T io(IoAction<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void io(IoVoid action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
