package io.berth.runtime.storage;

/**
 * A file path the storage refuses: not a valid relative path, leading out of its volume (a link),
 * naming nothing, or at odds with what is there (a file where a directory must be, or the volume
 * changing under the request). The API answers 400, 400, 404 and 409 respectively.
 */
public class StoragePathException extends RuntimeException {
  /** Why the path was refused. */
  public enum Reason {
    INVALID,
    OUTSIDE,
    MISSING,
    CONFLICT
  }

  private final Reason reason;

  public StoragePathException(String message) {
    this(Reason.INVALID, message);
  }

  public StoragePathException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
