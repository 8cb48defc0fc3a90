package io.berth.runtime.docker.storage;

import com.sun.jna.LastErrorException;
import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.StoragePathException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * A directory held open by descriptor ({@code O_PATH}). Names are looked up in it one at a time and
 * never through a link, so whatever a pod does to a volume's tree while Berth works in it (swapping
 * a directory for a symbolic link, a FIFO, a file), Berth stays beneath the directory it started
 * from. The JDK reaches the open file or directory through {@code /proc/self/fd}, which names
 * exactly that object, never a path looked up again.
 */
final class Dir implements AutoCloseable {
  private static final int DIRECTORY =
      LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
  private static final int ANY = LibC.O_PATH | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;

  private final int fd;
  private final String shown;

  private Dir(int fd, String shown) {
    this.fd = fd;
    this.shown = shown;
  }

  /** A directory whose path only Berth controls (a storage's own data or staging directory). */
  static Dir open(Path trusted) {
    try {
      return new Dir(libc().openat(LibC.AT_FDCWD, trusted.toString(), DIRECTORY, 0), "");
    } catch (LastErrorException e) {
      throw new UncheckedIOException(
          new IOException("cannot open " + trusted + ": errno " + e.getErrorCode()));
    }
  }

  /** What this directory is, through its descriptor. */
  Path proc() {
    return Path.of("/proc/self/fd/" + fd);
  }

  /** This directory as another process of the same user reaches it (a tool Berth runs). */
  Path procForChildren() {
    return Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + fd);
  }

  /** The relative path this directory was reached by ("" for the top). */
  String shown() {
    return shown;
  }

  /** The subdirectory {@code name}; refused when it is missing, a link or not a directory. */
  Dir child(String name) {
    try {
      return new Dir(libc().openat(fd, name, DIRECTORY, 0), name.equals(".") ? shown : join(name));
    } catch (LastErrorException e) {
      throw refusal(e, name);
    }
  }

  /**
   * The subdirectory {@code name}, made when missing with {@code owner}'s ownership and a mode the
   * owner's user and group may write (setgid, so what they make there stays in the group).
   */
  Dir childOrMake(String name, Owner owner) {
    boolean made = false;
    try {
      libc().mkdirat(fd, name, 0700); // nobody but Berth enters it before its owner is set
      made = true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() != LibC.EEXIST) {
        throw refusal(e, name);
      }
    }
    Dir child = child(name);
    if (made) {
      try {
        owner.apply(child.proc(), Owner.DIRECTORY_MODE);
      } catch (RuntimeException e) {
        child.close();
        throw e;
      }
    }
    return child;
  }

  /** The attributes of {@code name} itself (a link is not followed), or null when missing. */
  PosixFileAttributes attributes(String name) {
    try {
      return Files.readAttributes(
          proc().resolve(name), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The attributes of this directory. */
  PosixFileAttributes attributes() {
    try {
      return Files.readAttributes(proc(), PosixFileAttributes.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A regular file opened for reading, with what it is: its owner, mode and last change. */
  record OpenFile(FileChannel channel, Owner owner, int mode, FileTime modified)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** The regular file {@code name} opened for reading; refused when it is anything else. */
  OpenFile openFile(String name) {
    int file;
    try {
      file = libc().openat(fd, name, ANY, 0);
    } catch (LastErrorException e) {
      throw refusal(e, name);
    }
    try {
      Path self = Path.of("/proc/self/fd/" + file);
      PosixFileAttributes a = Files.readAttributes(self, PosixFileAttributes.class);
      if (a.isDirectory()) {
        throw new StoragePathException(Reason.CONFLICT, join(name) + " is a directory");
      }
      if (!a.isRegularFile()) {
        // a link, a FIFO, a socket: nothing Berth reads
        throw new StoragePathException(
            Reason.OUTSIDE, join(name) + " is not a regular file (a link or a special file)");
      }
      Owner owner = Owner.of(self);
      int mode = (Integer) Files.getAttribute(self, "unix:mode") & 07777;
      // the same inode, opened for reading: it is a regular file, so opening cannot block
      return new OpenFile(
          FileChannel.open(self, StandardOpenOption.READ), owner, mode, a.lastModifiedTime());
    } catch (NoSuchFileException e) {
      throw new StoragePathException(Reason.MISSING, "no file at " + join(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      closeQuietly(file);
    }
  }

  /** Renames {@code fromName} in {@code from} to {@code toName} here, replacing a file there. */
  void renameIn(Dir from, String fromName, String toName) {
    try {
      libc().renameat(from.fd, fromName, fd, toName);
    } catch (LastErrorException e) {
      throw refusal(e, toName);
    }
  }

  /**
   * Makes the directory {@code name} with {@code owner}'s ownership, as {@link #childOrMake} does;
   * refused when anything (a link too) is already there.
   */
  void make(String name, Owner owner) {
    try {
      libc().mkdirat(fd, name, 0700);
    } catch (LastErrorException e) {
      throw refusal(e, name);
    }
    try (Dir child = child(name)) {
      owner.apply(child.proc(), Owner.DIRECTORY_MODE);
    }
  }

  /**
   * Moves {@code fromName} in {@code from} (itself, when a link: never what it points to) to {@code
   * toName} here; refused when anything is at {@code toName}, so nothing is replaced.
   */
  void moveIn(Dir from, String fromName, String toName) {
    try {
      libc().renameat2(from.fd, fromName, fd, toName, LibC.RENAME_NOREPLACE);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == LibC.ENOENT) {
        throw new StoragePathException(Reason.MISSING, "no file at " + from.join(fromName));
      }
      if (e.getErrorCode() == LibC.EINVAL) {
        throw new StoragePathException(
            Reason.INVALID, from.join(fromName) + " cannot be moved into itself");
      }
      throw refusal(e, toName);
    }
  }

  /** The names in this directory, at most {@code limit} of them, in no particular order. */
  java.util.List<String> names(int limit) {
    java.util.List<String> names = new java.util.ArrayList<>();
    try (var entries = Files.newDirectoryStream(proc())) {
      for (Path entry : entries) {
        if (names.size() == limit) {
          break;
        }
        names.add(entry.getFileName().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** Removes the file or link {@code name}; nothing when it is missing. */
  void unlink(String name) {
    try {
      libc().unlinkat(fd, name, 0);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != LibC.ENOENT) {
        throw refusal(e, name);
      }
    }
  }

  String join(String name) {
    return shown.isEmpty() ? name : shown + "/" + name;
  }

  /** The API's words for what the kernel refused. */
  RuntimeException refusal(LastErrorException e, String name) {
    String path = join(name);
    return switch (e.getErrorCode()) {
      case LibC.ENOENT -> new StoragePathException(Reason.MISSING, "no file at " + path);
      case LibC.ELOOP -> link(path);
      case LibC.ENOTDIR ->
          isLink(name)
              ? link(path)
              : new StoragePathException(Reason.CONFLICT, path + " is a file, not a directory");
      case LibC.EISDIR, LibC.ENOTEMPTY ->
          new StoragePathException(Reason.CONFLICT, path + " is a directory");
      case LibC.EEXIST -> new StoragePathException(Reason.CONFLICT, path + " already exists");
      case LibC.ENAMETOOLONG ->
          new StoragePathException(Reason.INVALID, "a name in " + path + " is too long");
      case LibC.EACCES, LibC.EPERM ->
          new StoragePathException(
              Reason.CONFLICT, path + " may not be changed (its permissions in the volume)");
      case LibC.ENOSPC, LibC.EDQUOT -> new StorageFullException();
      default ->
          new StoragePathException(
              Reason.CONFLICT,
              path + " changed while Berth used it (errno " + e.getErrorCode() + ")");
    };
  }

  private static StoragePathException link(String path) {
    return new StoragePathException(
        Reason.OUTSIDE,
        path + " is a symbolic link, which Berth does not follow (it may lead outside the volume)");
  }

  private boolean isLink(String name) {
    PosixFileAttributes a = attributes(name);
    return a != null && a.isSymbolicLink();
  }

  @Override
  public void close() {
    closeQuietly(fd);
  }

  private static void closeQuietly(int fd) {
    try {
      libc().close(fd);
    } catch (LastErrorException ignored) {
      // closing a descriptor we opened cannot fail in a way worth reporting
    }
  }

  private static LibC libc() {
    if (LibC.INSTANCE == null) {
      throw new IllegalStateException(
          "volume files need Linux on x86-64 or arm64 (openat without following links)");
    }
    return LibC.INSTANCE;
  }
}
