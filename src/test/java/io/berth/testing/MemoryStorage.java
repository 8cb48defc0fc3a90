package io.berth.testing;

import io.berth.runtime.storage.ExistingStorage;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A behavioural fake of the storage port for unit tests of the features: each storage is a map of
 * relative paths to bytes; a storage made with a size limit refuses to grow past it, as a
 * filesystem of that size would. Resizes are recorded.
 */
public class MemoryStorage implements VolumeStorage {
  private final Map<String, TreeMap<String, byte[]>> storages = new ConcurrentHashMap<>();
  private final Map<String, Integer> limits = new ConcurrentHashMap<>();
  private final Map<String, Instant> changed = new ConcurrentHashMap<>();
  private final Map<String, java.util.Set<String>> directories = new ConcurrentHashMap<>();
  public final List<String> resized = new ArrayList<>();

  /** Puts a file straight into a storage, as a pod writing to its mount would. */
  public void put(String storageId, String path, byte[] bytes) {
    files(storageId).put(path, bytes);
  }

  @Override
  public void create(String storageId) {
    storages.putIfAbsent(storageId, new TreeMap<>());
    changed.putIfAbsent(storageId, Instant.now());
  }

  /** Dates a storage's last change, as a sweep of old storage sees it. */
  public void changedAt(String storageId, Instant when) {
    changed.put(storageId, when);
  }

  @Override
  public List<ExistingStorage> existing(String prefix) {
    return storages.keySet().stream()
        .filter(id -> id.startsWith(prefix))
        .sorted()
        .map(id -> new ExistingStorage(id, changed.get(id)))
        .toList();
  }

  @Override
  public void create(String storageId, int sizeLimitMb) {
    create(storageId);
    limits.put(storageId, sizeLimitMb);
  }

  @Override
  public void delete(String storageId) {
    storages.remove(storageId);
    limits.remove(storageId);
    changed.remove(storageId);
  }

  @Override
  public boolean exists(String storageId) {
    return storages.containsKey(storageId);
  }

  @Override
  public void deleteAll(String prefix) {
    storages.keySet().removeIf(id -> id.startsWith(prefix));
  }

  @Override
  public void resize(String storageId, int sizeLimitMb) {
    limits.put(storageId, sizeLimitMb);
    resized.add(storageId + " " + sizeLimitMb);
  }

  @Override
  public long usage(String storageId) {
    return storages.getOrDefault(storageId, new TreeMap<>()).values().stream()
        .mapToLong(b -> b.length)
        .sum();
  }

  @Override
  public List<FileEntry> list(String storageId) {
    return files(storageId).entrySet().stream()
        .map(e -> new FileEntry(e.getKey(), e.getValue().length, Instant.EPOCH, "rw-r--r--", false))
        .toList();
  }

  /** One folder: its files and the directories that hold files or were made empty. */
  @Override
  public List<FileEntry> listFolder(String storageId, String path) {
    String prefix = path.isEmpty() ? "" : path + "/";
    TreeMap<String, FileEntry> entries = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : files(storageId).entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        String rest = e.getKey().substring(prefix.length());
        int slash = rest.indexOf('/');
        String name = prefix + (slash < 0 ? rest : rest.substring(0, slash));
        entries.put(
            name,
            new FileEntry(
                name, slash < 0 ? e.getValue().length : 0, Instant.EPOCH, "rw-r--r--", slash >= 0));
      }
    }
    for (String dir : dirs(storageId)) {
      if (dir.startsWith(prefix) && dir.indexOf('/', prefix.length()) < 0) {
        entries.put(dir, new FileEntry(dir, 0, Instant.EPOCH, "rwxr-xr-x", true));
      }
    }
    return List.copyOf(entries.values());
  }

  @Override
  public void remove(String storageId, String path) {
    boolean removed = files(storageId).remove(path) != null;
    removed |= files(storageId).keySet().removeIf(p -> p.startsWith(path + "/"));
    removed |= dirs(storageId).removeIf(d -> d.equals(path) || d.startsWith(path + "/"));
    if (!removed) {
      throw new StoragePathException(StoragePathException.Reason.MISSING, "no file at " + path);
    }
  }

  @Override
  public void makeDirectory(String storageId, String path) {
    checkPath(storageId, path);
    if (files(storageId).containsKey(path) || !dirs(storageId).add(path)) {
      throw new StoragePathException(
          StoragePathException.Reason.CONFLICT, path + " already exists");
    }
  }

  @Override
  public void move(String storageId, String from, String to) {
    checkPath(storageId, to);
    TreeMap<String, byte[]> files = files(storageId);
    if (files.containsKey(to) || dirs(storageId).contains(to)) {
      throw new StoragePathException(StoragePathException.Reason.CONFLICT, to + " already exists");
    }
    Map<String, byte[]> moved = new TreeMap<>();
    files
        .entrySet()
        .removeIf(e -> {
          if (e.getKey().equals(from) || e.getKey().startsWith(from + "/")) {
            moved.put(to + e.getKey().substring(from.length()), e.getValue());
            return true;
          }
          return false;
        });
    if (moved.isEmpty() && !dirs(storageId).remove(from)) {
      throw new StoragePathException(StoragePathException.Reason.MISSING, "no file at " + from);
    }
    files.putAll(moved);
  }

  private java.util.Set<String> dirs(String storageId) {
    files(storageId);
    return directories.computeIfAbsent(storageId, id -> new java.util.TreeSet<>());
  }

  @Override
  public long store(String storageId, String path, Upload upload, Room room) {
    checkPath(storageId, path);
    try {
      Path staged = Files.createTempFile("berth-upload", null);
      try {
        long size = upload.writeTo(staged, room);
        files(storageId).put(path, Files.readAllBytes(staged));
        return size;
      } finally {
        Files.delete(staged);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void checkPath(String storageId, String path) {
    if (path == null || path.isEmpty() || path.contains("..")) {
      throw new StoragePathException(StoragePathException.Reason.INVALID, "no such path allowed");
    }
  }

  @Override
  public StoredFile read(String storageId, String path) {
    byte[] bytes = files(storageId).get(path);
    if (bytes == null) {
      throw new StoragePathException(StoragePathException.Reason.MISSING, "no file " + path);
    }
    return new StoredFile(bytes.length, path, () -> new ByteArrayInputStream(bytes));
  }

  @Override
  public void copy(String fromStorageId, String fromPath, String toStorageId, String toPath) {
    TreeMap<String, byte[]> from = files(fromStorageId);
    TreeMap<String, byte[]> to = files(toStorageId);
    String prefix = fromPath.isEmpty() ? "" : fromPath + "/";
    List<Map.Entry<String, byte[]>> copied =
        from.entrySet().stream()
            .filter(e ->
                fromPath.isEmpty() || e.getKey().equals(fromPath) || e.getKey().startsWith(prefix))
            .toList();
    if (copied.isEmpty() && !fromPath.isEmpty()) {
      throw new StoragePathException(
          StoragePathException.Reason.MISSING, fromPath + " does not exist");
    }
    Integer limit = limits.get(toStorageId);
    long size = usage(toStorageId) + copied.stream().mapToLong(e -> e.getValue().length).sum();
    if (limit != null && size > limit * 1024L * 1024L) {
      throw new StorageFullException();
    }
    for (Map.Entry<String, byte[]> e : copied) {
      String relative =
          e.getKey().startsWith(prefix)
              ? e.getKey().substring(prefix.length())
              : e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
      to.put(toPath.isEmpty() ? relative : toPath + "/" + relative, e.getValue().clone());
    }
  }

  private TreeMap<String, byte[]> files(String storageId) {
    TreeMap<String, byte[]> files = storages.get(storageId);
    if (files == null) {
      throw new IllegalStateException("no storage " + storageId);
    }
    return files;
  }
}
