package io.berth.ops.status;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** One configured check: what it reaches, how often, the conditions that make it up, its alerts. */
record CheckDefinition(
    String name,
    Target target,
    Duration interval,
    Duration timeout,
    List<Condition> conditions,
    List<AlertRule> alerts) {

  /** Where a check goes: an HTTP(S) URL, a TCP address, or one of Berth's own components. */
  sealed interface Target {
    record Http(URI uri, String method) implements Target {}

    record Tcp(String host, int port) implements Target {}

    /** berth://database or berth://engine: asked in-process, not over the network. */
    record Internal(String component) implements Target {}
  }

  /** When to alert: after so many failures in a row, resolved after so many successes. */
  record AlertRule(
      String type,
      int failureThreshold,
      int successThreshold,
      boolean sendOnResolved,
      String description) {}
}
