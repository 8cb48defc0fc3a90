package io.berth.ops.status;

import java.time.Instant;

/** One judged run of a check, as stored: up or down, how long, and the first failed condition. */
record CheckResult(
    String check, Instant at, boolean up, long millis, String detail, Instant certificateExpiry) {}
