package io.berth.runtime;

/** The container refused a path given to it (a missing directory, a file where one was needed). */
public class ContainerPathException extends RuntimeFailure {
  public ContainerPathException(String message) {
    super(message);
  }
}
