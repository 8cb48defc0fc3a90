package io.berth.volumes;

/** A path that would leave its volume, or is not a valid relative path. */
public class StoragePathException extends RuntimeException {
  public StoragePathException(String message) {
    super(message);
  }
}
