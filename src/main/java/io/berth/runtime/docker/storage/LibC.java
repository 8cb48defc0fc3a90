package io.berth.runtime.docker.storage;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;

/**
 * The few Linux calls the JDK does not offer and volume files need: lookups relative to a directory
 * descriptor that never follow a link ({@code openat} with {@code O_NOFOLLOW}), {@code mkdirat},
 * {@code renameat(2)} and {@code unlinkat}. Bound once with JNA; errors arrive as {@link
 * LastErrorException} with the errno.
 */
interface LibC extends Library {
  int AT_FDCWD = -100;
  int AT_REMOVEDIR = 0x200;
  int O_NONBLOCK = 04000;
  int O_CLOEXEC = 02000000;
  int O_PATH = 010000000;
  // arm64 numbers these two differently from x86-64; both are the kernel's own values
  int O_DIRECTORY = arm64() ? 040000 : 0200000;
  int O_NOFOLLOW = arm64() ? 0100000 : 0400000;

  int EPERM = 1;
  int ENOENT = 2;
  int EACCES = 13;
  int EEXIST = 17;
  int EXDEV = 18;
  int ENOTDIR = 20;
  int EISDIR = 21;
  int ENOSPC = 28;
  int ENAMETOOLONG = 36;
  int ENOTEMPTY = 39;
  int ELOOP = 40;
  int EINVAL = 22;
  int EDQUOT = 122;

  /** renameat2's flag: fail with EEXIST rather than replace what is at the new name. */
  int RENAME_NOREPLACE = 1;

  LibC INSTANCE = load();

  int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

  int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

  int renameat(int olddirfd, String oldpath, int newdirfd, String newpath)
      throws LastErrorException;

  int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags)
      throws LastErrorException;

  int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  private static boolean arm64() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return arch.equals("aarch64") || arch.equals("arm64");
  }

  private static LibC load() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arm64())) {
      // the flag values above are Linux x86-64/arm64's; elsewhere, fail loudly at first use
      return null;
    }
    return Native.load("c", LibC.class);
  }
}
