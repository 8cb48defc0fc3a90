package io.berth.pods;

/** What the owner wants of a pod: running, stopped, or stopped and started again. */
public enum StatusRequested {
  ON,
  OFF,
  RESTART
}
