package io.berth.ops.backup;

/** A backup could not be made, read, verified or restored; the message says why. */
public class BackupException extends Exception {
  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
