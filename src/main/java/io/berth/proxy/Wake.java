package io.berth.proxy;

import java.util.Set;

/**
 * What becomes of a request or connection to a pod, by its route: it passes to an AVAILABLE pod; it
 * wakes a sleeping one (stopped for idleness, or waking on connect); it is held while a pod that
 * sleeps starts; otherwise the proxy refuses it (503, or a closed connection) as before.
 */
enum Wake {
  PASS,
  WAKE,
  HOLD,
  REFUSE;

  /** What traffic may do for a pod while it is down, from its definition and why it stopped. */
  enum Rule {
    /** Nothing: the pod neither sleeps nor wakes. */
    NONE,
    /** It sleeps (an idle_timeout) but does not wake now: traffic waits while it starts. */
    HOLDS,
    /** It was stopped for idleness or has wake_on_connect: traffic starts it and waits. */
    WAKES;

    static Rule of(boolean wakeOnConnect, String stopReason, int idleTimeout) {
      if (wakeOnConnect || "idle".equals(stopReason)) {
        return WAKES;
      }
      return idleTimeout > 0 ? HOLDS : NONE;
    }
  }

  /** The route status of an AVAILABLE pod asked to stop ({@link PodRoutes#status}). */
  static final String STOPPING = "STOPPING";

  private static final Set<String> STARTING =
      Set.of("REQUESTED", "SPAWNER SETUP", "CREATING", "AVAILABLE");
  private static final Set<String> STOPPED = Set.of("STOPPED", "COMPLETE", STOPPING);

  static Wake of(Route route) {
    if (route.available()) {
      return PASS;
    }
    if (route.wakeRule() == Rule.NONE) {
      return REFUSE;
    }
    boolean wakes = route.wakeRule() == Rule.WAKES;
    if (STARTING.contains(route.status())) {
      // AVAILABLE without an address yet counts as starting; a pod that wakes may be starting
      // only because of another wake, or be still OFF (just made), so it is woken (idempotent)
      return wakes ? WAKE : HOLD;
    }
    return STOPPED.contains(route.status()) && wakes ? WAKE : REFUSE;
  }
}
