package io.berth.runtime;

/** A pod has no running container to run a command in or copy a file into. */
public class ContainerNotRunningException extends RuntimeFailure {
  public ContainerNotRunningException(PodKey key) {
    super("pod " + key.podId() + " has no running container");
  }
}
