package io.berth.runtime.docker.storage;

import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.StoragePathException.Reason;
import io.berth.runtime.storage.VolumeStorage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A storage's data as listed and changed outside uploads and copies: every file with find, one
 * folder's entries, removing, making a directory and moving. Like uploads, each walks from a
 * descriptor one name at a time without following links ({@link Dir}), and acts with one call on
 * the last name ({@code mkdirat}, {@code renameat2} without replacing), so a pod changing its tree
 * meanwhile cannot lead Berth outside it. A removal first moves the tree into the storage's private
 * staging directory (atomic, on the same filesystem) and only then deletes it there with GNU rm.
 */
final class VolumeTree {
  private static final String REMOVING = "removing-";

  private final StorageLayout layout;

  VolumeTree(StorageLayout layout) {
    this.layout = layout;
  }

  long usage(String storageId) {
    Path data = layout.data(storageId);
    if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    long[] total = {0};
    find(data, "%s\\0", line -> total[0] += Long.parseLong(line));
    return total[0];
  }

  List<FileEntry> list(String storageId) {
    Path data = layout.data(storageId);
    if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<FileEntry> entries = new ArrayList<>();
    find(
        data,
        "%s %T@ %M %P\\0",
        line -> {
          int a = line.indexOf(' ');
          int b = line.indexOf(' ', a + 1);
          int c = line.indexOf(' ', b + 1);
          double seconds = Double.parseDouble(line.substring(a + 1, b));
          // %M is ls's mode string: its first character is the file type
          entries.add(
              new FileEntry(
                  line.substring(c + 1),
                  Long.parseLong(line.substring(0, a)),
                  Instant.ofEpochMilli((long) (seconds * 1000)),
                  line.substring(b + 2, c),
                  false));
        });
    entries.sort(java.util.Comparator.comparing(FileEntry::path));
    return entries;
  }

  /** Runs find on a data directory: regular files, never following links, one filesystem. */
  private static void find(Path data, String format, java.util.function.Consumer<String> each) {
    try {
      Process find =
          new ProcessBuilder("find", ".", "-xdev", "-type", "f", "-printf", format)
              .directory(data.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      find.getOutputStream().close();
      try (InputStream in = new BufferedInputStream(find.getInputStream(), 1 << 16)) {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
          if (c == 0) {
            each.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(c);
          }
        }
      }
      // 1: some entries vanished or were unreadable while a pod changed the tree; the rest counts
      if (Commands.exit(find) > 1) {
        throw new UncheckedIOException(new IOException("find failed in " + data));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<FileEntry> listFolder(String storageId, String path) {
    List<String> names = path.isEmpty() ? List.of() : List.of(Paths.checked(path).split("/"));
    if (names.isEmpty() && !Files.isDirectory(layout.data(storageId), LinkOption.NOFOLLOW_LINKS)) {
      return List.of(); // made by the first upload or mount
    }
    Path data = data(storageId, path);
    List<FileEntry> entries = new ArrayList<>();
    try (Dir top = Dir.open(data);
        Dir folder = LocalVolumeStorage.descend(top, names, false)) {
      for (String name : folder.names(VolumeStorage.FOLDER_ENTRIES)) {
        PosixFileAttributes a = folder.attributes(name);
        if (a != null && (a.isRegularFile() || a.isDirectory())) {
          entries.add(
              new FileEntry(
                  folder.join(name),
                  a.isDirectory() ? 0 : a.size(),
                  a.lastModifiedTime().toInstant(),
                  PosixFilePermissions.toString(a.permissions()),
                  a.isDirectory()));
        }
      }
    }
    entries.sort(Comparator.comparing(FileEntry::path));
    return entries;
  }

  void remove(String storageId, String path) {
    String[] names = Paths.checked(path).split("/");
    Path data = data(storageId, path);
    String aside = REMOVING + UUID.randomUUID();
    try (Dir top = Dir.open(data);
        Dir parent = LocalVolumeStorage.descend(top, parents(names), false);
        Dir staging = Dir.open(layout.staging(storageId))) {
      staging.moveIn(parent, last(names), aside);
    }
    // out of every pod's reach now; rm walks without following links and stays on this filesystem
    Commands.run(
        List.of(
            "rm",
            "-rf",
            "--one-file-system",
            "--",
            layout.staging(storageId).resolve(aside).toString()));
  }

  void makeDirectory(String storageId, String path) {
    String[] names = Paths.checked(path).split("/");
    try (Dir top = Dir.open(data(storageId, path));
        Dir parent = LocalVolumeStorage.descend(top, parents(names), true)) {
      parent.make(last(names), Owner.of(top.proc()));
    }
  }

  void move(String storageId, String from, String to) {
    String[] fromNames = Paths.checked(from).split("/");
    String[] toNames = Paths.checked(to).split("/");
    if (to.startsWith(from + "/")) {
      // the kernel refuses it too (EINVAL), but only after the directories above were made
      throw new StoragePathException(
          Reason.INVALID, Paths.shown(from) + " cannot be moved into itself");
    }
    try (Dir top = Dir.open(data(storageId, from));
        Dir source = LocalVolumeStorage.descend(top, parents(fromNames), false);
        Dir target = LocalVolumeStorage.descend(top, parents(toNames), true)) {
      target.moveIn(source, last(fromNames), last(toNames));
    }
  }

  private Path data(String storageId, String path) {
    Path data = layout.data(storageId);
    if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoragePathException(Reason.MISSING, "no file at " + Paths.shown(path));
    }
    return data;
  }

  private static List<String> parents(String[] names) {
    return Arrays.asList(names).subList(0, names.length - 1);
  }

  private static String last(String[] names) {
    return names[names.length - 1];
  }
}
