package io.berth.pods.reconcile;

import java.time.Instant;

/**
 * Tells a pod's owner it is about to be stopped, through the site's notification channels. Must not
 * block the reconciler: implementations deliver in the background and log failures.
 */
public interface StopWarnings {
  void warn(Warning warning);

  /**
   * A pod about to stop: {@code reason} is idle or time_to_stop; {@code owner} the user who created
   * it.
   */
  record Warning(String tenant, String podId, String owner, String reason, Instant stopAt) {}
}
