package io.berth.runtime.docker.storage;

import io.berth.config.BerthProperties;
import io.berth.runtime.MountSources;
import io.berth.runtime.MountSpec;
import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.storage.ExistingStorage;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.StoragePathException.Reason;
import io.berth.runtime.storage.VolumeStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Storage as directories under {@code BERTH_HOME/storage}, which the Docker/Podman adapter
 * bind-mounts ({@link StorageLayout}); a size-limited storage has a filesystem of its own ({@link
 * VolumeFilesystems}). Pods own what is inside a storage's data directory and may change it at any
 * moment, so every path in it is walked one name at a time from a descriptor without following
 * links ({@link Dir}): nothing a pod does makes Berth read or write outside it. Uploads are written
 * to the storage's private staging directory, given the owner of the volume's root, and renamed
 * into place, so a refused or failed upload leaves nothing behind. Listings, usage, deletion and
 * copies run GNU find, rm and tar, which walk the same way and handle trees of any depth; the file
 * browser's operations are {@link VolumeTree}'s.
 */
@Component
@ConditionalOnProperty(name = "berth.runtime.kind", havingValue = "docker", matchIfMissing = true)
public class LocalVolumeStorage implements VolumeStorage, MountSources {
  private final StorageLayout layout;
  private final VolumeFilesystems filesystems;
  private final VolumeTree tree;
  private final String scope;

  public LocalVolumeStorage(
      BerthProperties berth, @Value("${berth.volumes.filesystems:true}") boolean ownFilesystems) {
    this.layout = new StorageLayout(berth.homePath());
    this.filesystems = new VolumeFilesystems(layout, ownFilesystems);
    this.tree = new VolumeTree(layout);
    layout.start();
    filesystems.mountAll();
    layout.migrate(filesystems::mounted);
    MountPins.clear(layout.pins());
    filesystems.report();
    this.scope = HomeScope.of(layout.root());
  }

  /** This home's id: processes with homes of their own keep storages apart. */
  @Override
  public String scope() {
    return scope;
  }

  @Override
  public void create(String storageId) {
    layout.lay(layout.top(storageId));
  }

  @Override
  public void create(String storageId, int sizeLimitMb) {
    Path top = layout.top(storageId);
    if (!filesystems.available() || (layout.laidOut(top) && !filesystems.has(storageId))) {
      // a plain storage already there (restored from a backup, say) keeps its files as they are
      create(storageId);
    } else {
      filesystems.create(storageId, bytes(sizeLimitMb));
    }
  }

  /** A snapshot is written by Berth alone, which checks its size: a plain directory will do. */
  @Override
  public void createCopy(
      String fromStorageId, String fromPath, String toStorageId, String toPath, int sizeLimitMb) {
    create(toStorageId);
    copy(fromStorageId, fromPath, toStorageId, toPath);
  }

  @Override
  public void resize(String storageId, int sizeLimitMb) {
    if (filesystems.has(storageId)) {
      filesystems.resize(storageId, bytes(sizeLimitMb));
    }
  }

  @Override
  public void delete(String storageId) {
    Path top = layout.top(storageId);
    filesystems.remove(storageId); // its image, or what a create cut short left of one
    if (Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
      // rm walks without following links, to any depth; it stays on this filesystem
      Commands.run(List.of("rm", "-rf", "--one-file-system", "--", top.toString()));
    }
  }

  @Override
  public boolean exists(String storageId) {
    return Files.isDirectory(layout.top(storageId), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void deleteAll(String prefix) {
    List<String> ids;
    try (Stream<Path> tops = Files.list(layout.root())) {
      ids =
          tops.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(prefix) && !n.startsWith("."))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ids.forEach(this::delete);
  }

  /** From the storage directories and the filesystem images: a crash may leave either alone. */
  @Override
  public List<ExistingStorage> existing(String prefix) {
    Map<String, Instant> changed = new java.util.TreeMap<>(layout.lastChanged(prefix));
    filesystems
        .lastChanged(prefix)
        .forEach((id, at) -> changed.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
    return changed.entrySet().stream()
        .map(e -> new ExistingStorage(e.getKey(), e.getValue()))
        .toList();
  }

  @Override
  public long usage(String storageId) {
    return tree.usage(storageId);
  }

  @Override
  public List<FileEntry> list(String storageId) {
    return tree.list(storageId);
  }

  @Override
  public List<FileEntry> listFolder(String storageId, String path) {
    return tree.listFolder(storageId, path);
  }

  @Override
  public void remove(String storageId, String path) {
    tree.remove(storageId, path);
  }

  @Override
  public void makeDirectory(String storageId, String path) {
    tree.makeDirectory(storageId, path);
  }

  @Override
  public void move(String storageId, String from, String to) {
    tree.move(storageId, from, to);
  }

  /**
   * Refuses early, before an upload's body is read, a path that cannot be stored: bad text, a link
   * or a file where a directory must be, a directory where the file would go. {@link #store} checks
   * again as it writes, since a pod may change the tree meanwhile.
   */
  @Override
  public void checkPath(String storageId, String path) {
    String[] names = Paths.checked(path).split("/");
    Path data = layout.data(storageId);
    if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Dir top = Dir.open(data)) {
      Dir current = top.child(".");
      try {
        for (int i = 0; i < names.length - 1; i++) {
          if (current.attributes(names[i]) == null) {
            return; // made by the upload
          }
          Dir next = current.child(names[i]);
          current.close();
          current = next;
        }
        PosixFileAttributes last = current.attributes(names[names.length - 1]);
        if (last != null && last.isDirectory()) {
          throw new StoragePathException(
              Reason.CONFLICT, current.join(names[names.length - 1]) + " is a directory");
        }
      } finally {
        current.close();
      }
    }
  }

  @Override
  public long store(String storageId, String path, Upload upload, Room room) {
    String[] names = Paths.checked(path).split("/");
    Path top = layout.top(storageId);
    if (!layout.laidOut(top)) {
      create(storageId);
    }
    Path staging = layout.staging(storageId);
    String stagedName = UUID.randomUUID().toString();
    Path staged = staging.resolve(stagedName);
    try {
      long size;
      try {
        size = upload.writeTo(staged, room);
        if (filesystems.has(storageId)) {
          durable(staged);
        }
      } catch (IOException e) {
        if (StorageFullException.noSpace(e)) {
          throw full(storageId);
        }
        throw e;
      }
      try (Dir data = Dir.open(layout.data(storageId));
          Dir parent = descend(data, Arrays.asList(names).subList(0, names.length - 1), true);
          Dir stagingDir = Dir.open(staging)) {
        Owner.of(data.proc()).apply(staged, Owner.FILE_MODE);
        parent.renameIn(stagingDir, stagedName, names[names.length - 1]);
      }
      return size;
    } catch (StorageFullException e) {
      throw e.isDisk() ? e : full(storageId);
    } catch (IOException e) {
      throw new UncheckedIOException("could not store " + Paths.shown(path), e);
    } finally {
      try {
        Files.deleteIfExists(staged);
      } catch (IOException ignored) {
        // best effort: the staging directory is private and emptied with the storage
      }
    }
  }

  @Override
  public void requireRoom(String storageId, long bytes) {
    if (filesystems.has(storageId) && !filesystems.hostCanTake(bytes)) {
      // the image would have to grow on a disk that cannot take it: refused before a byte lands
      throw StorageFullException.disk("the disk holding the volume filesystems is full");
    }
  }

  /**
   * A storage with no room as its callers must hear it: its own filesystem full is its size_limit
   * reached; a plain directory full is the home's disk full.
   */
  private StorageFullException full(String storageId) {
    return filesystems.has(storageId)
        ? StorageFullException.limit()
        : StorageFullException.disk("the disk holding " + layout.root() + " is full");
  }

  /**
   * Writes an upload into a volume's image through to the disk before it is reported stored: ext4
   * inside the image acknowledges writes its image may not be able to take from the disk below, and
   * only a sync says so (as an I/O error) while the upload can still be refused.
   */
  private void durable(Path staged) throws IOException {
    try (FileChannel channel = FileChannel.open(staged, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (IOException e) {
      if (!filesystems.hostCanTake(0)) {
        throw new IOException("No space left on device under the volume's image", e);
      }
      throw e;
    }
  }

  @Override
  public StoredFile read(String storageId, String path) {
    String[] names = Paths.checked(path).split("/");
    Path data = layout.data(storageId);
    if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoragePathException(Reason.MISSING, "no file at " + Paths.shown(path));
    }
    FileChannel channel;
    try (Dir top = Dir.open(data);
        Dir parent = descend(top, Arrays.asList(names).subList(0, names.length - 1), false)) {
      channel = parent.openFile(names[names.length - 1]).channel();
    }
    try {
      long size = channel.size();
      InputStream in = Channels.newInputStream(channel);
      return new StoredFile(size, names[names.length - 1], () -> in);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void copy(String fromStorageId, String fromPath, String toStorageId, String toPath) {
    Path fromData = layout.data(fromStorageId);
    if (!Files.isDirectory(fromData, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoragePathException(Reason.MISSING, "nothing at " + fromPath);
    }
    if (!layout.laidOut(layout.top(toStorageId))) {
      create(toStorageId);
    }
    List<String> from =
        fromPath.isEmpty() ? List.of() : List.of(Paths.checked(fromPath).split("/"));
    List<String> to = toPath.isEmpty() ? List.of() : List.of(Paths.checked(toPath).split("/"));
    try {
      copyTree(fromData, from, layout.data(toStorageId), to, fromPath);
    } catch (StorageFullException e) {
      throw e.isDisk() ? e : full(toStorageId);
    }
  }

  private static void copyTree(
      Path fromData, List<String> from, Path toData, List<String> to, String fromPath) {
    try (Dir source = Dir.open(fromData);
        Dir target = Dir.open(toData);
        Dir destination = descend(target, to, true)) {
      if (from.isEmpty()) {
        TreeCopy.tree(source, destination);
        return;
      }
      try (Dir parent = descend(source, from.subList(0, from.size() - 1), false)) {
        String name = from.get(from.size() - 1);
        PosixFileAttributes attributes = parent.attributes(name);
        if (attributes == null) {
          throw new StoragePathException(Reason.MISSING, "nothing at " + fromPath);
        } else if (attributes.isDirectory()) {
          try (Dir dir = parent.child(name)) {
            TreeCopy.tree(dir, destination);
          }
        } else {
          TreeCopy.file(parent, name, destination);
        }
      }
    }
  }

  /**
   * Walks {@code names} down from {@code top} without following links, making missing directories
   * (owned like the volume's root) when {@code make}; returns a new descriptor the caller closes.
   */
  static Dir descend(Dir top, List<String> names, boolean make) {
    Owner owner = make ? Owner.of(top.proc()) : null;
    Dir current = top.child(".");
    try {
      for (String name : names) {
        Dir next = make ? current.childOrMake(name, owner) : current.child(name);
        current.close();
        current = next;
      }
      return current;
    } catch (RuntimeException e) {
      current.close();
      throw e;
    }
  }

  // --- the Docker/Podman adapter's mounts

  @Override
  public Prepared prepare(String container, List<MountSpec> mounts) {
    MountPins pins = MountPins.under(layout.pins(), container);
    Map<MountSpec, Path> sources = new HashMap<>();
    try {
      for (MountSpec mount : mounts) {
        Path top = layout.top(mount.storageId());
        if (!layout.laidOut(top) && !filesystems.has(mount.storageId())) {
          create(mount.storageId()); // a pod's own data, made at its first start
        }
        Path data = layout.data(mount.storageId());
        String sub = mount.subPath() == null ? "" : mount.subPath();
        if (sub.isEmpty()) {
          sources.put(mount, data);
          continue;
        }
        try (Dir root = Dir.open(data);
            Dir dir = descend(root, List.of(Paths.checked(sub).split("/")), true)) {
          sources.put(mount, pins.pin(dir, data.resolve(sub)));
        } catch (StoragePathException e) {
          throw new RuntimeFailure(
              "the mount at " + mount.mountPath() + " is refused: sub_path " + e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      pins.close();
      throw e;
    }
    return new Prepared() {
      @Override
      public Path source(MountSpec mount) {
        return sources.get(mount);
      }

      @Override
      public Path data(MountSpec mount) {
        return layout.data(mount.storageId());
      }

      @Override
      public void close() {
        pins.close();
      }
    };
  }

  private static long bytes(int megabytes) {
    return megabytes * 1024L * 1024L;
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was read from it
    }
  }
}
