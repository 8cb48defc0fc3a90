package io.berth.ops.status;

import java.time.Instant;

/**
 * What one run of a check saw, before conditions judge it: whether it connected, the HTTP status
 * and body (HTTP checks), how long it took, and the server certificate's expiry (TLS).
 */
record Observation(
    boolean connected,
    int status,
    String body,
    long millis,
    Instant certificateExpiry,
    String error) {
  static Observation failed(long millis, String error) {
    return new Observation(false, 0, null, millis, null, error);
  }
}
