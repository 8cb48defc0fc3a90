package io.berth.runtime;

public enum ContainerState {
  CREATED,
  RUNNING,
  EXITED,
  PAUSED,
  UNKNOWN
}
