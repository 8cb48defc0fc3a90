package io.berth.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Who is using a BERTH_HOME, told by a lock on {@code BERTH_HOME/berth.lock}: every running Berth
 * holds it shared (several processes may share a home), a restore holds it exclusively. The
 * operating system drops the lock with the process that held it, however it ended, so a crash
 * leaves nothing stale; and it is the home that is asked, not a port that any Berth may answer on.
 */
public final class HomeLock implements AutoCloseable {
  public static final String FILE = "berth.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private HomeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The home is in use: by a running Berth (for a restore), or by a restore (for a Berth). */
  public static final class InUseException extends Exception {
    InUseException(String message) {
      super(message);
    }
  }

  /** Taken by a running Berth for its life; refused while a restore holds the home. */
  public static HomeLock shared(Path home) throws IOException, InUseException {
    return take(home, true);
  }

  /** Taken by a restore; refused while any Berth runs on the home. Creates the home if needed. */
  public static HomeLock exclusive(Path home) throws IOException, InUseException {
    return take(home, false);
  }

  private static HomeLock take(Path home, boolean shared) throws IOException, InUseException {
    Files.createDirectories(home);
    FileChannel channel =
        FileChannel.open(
            home.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      lock = null; // this JVM holds it already (a test running Berth and a command in one JVM)
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new InUseException(
          shared
              ? "a restore is writing into " + home + ": start Berth when it has finished"
              : "a Berth process is using " + home + ": stop it before restoring into this home");
    }
    return new HomeLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
