package io.berth.volumes;

/** The storage's own filesystem is full: its size_limit is reached, whoever wrote the bytes. */
public class StorageFullException extends RuntimeException {
  public StorageFullException() {
    super("the storage is full", null, false, false);
  }
}
