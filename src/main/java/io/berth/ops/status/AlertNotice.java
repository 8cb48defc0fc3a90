package io.berth.ops.status;

import java.time.Instant;

/** What an alert says: which check, triggered or resolved, why, and when. */
record AlertNotice(
    String check, boolean resolved, String description, String detail, int failures, Instant at) {

  String subject() {
    return (resolved ? "[RESOLVED] " : "[ALERT] ")
        + "Berth status check "
        + check
        + (resolved ? " is up again" : " is down");
  }

  String text() {
    return subject()
        + "\n\n"
        + (description.isBlank() ? "" : description + "\n")
        + (resolved ? "" : "Last failure: " + detail + " (" + failures + " in a row)\n")
        + "At: "
        + at
        + "\n";
  }
}
