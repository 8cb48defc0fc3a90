package io.berth.ops.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an alert says: which check, triggered or resolved, why, and when. */
record AlertNotice(
    String check, boolean resolved, String description, String detail, int failures, Instant at)
    implements Notice {

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("check", check);
    body.put("status", resolved ? "resolved" : "triggered");
    body.put("title", subject());
    body.put("description", description);
    body.put("detail", detail);
    body.put("failures", failures);
    body.put("at", at.toString());
    body.put("text", text());
    return body;
  }

  @Override
  public String subject() {
    return (resolved ? "[RESOLVED] " : "[ALERT] ")
        + "Berth status check "
        + check
        + (resolved ? " is up again" : " is down");
  }

  @Override
  public String text() {
    return subject()
        + "\n\n"
        + (description.isBlank() ? "" : description + "\n")
        + (resolved ? "" : "Last failure: " + detail + " (" + failures + " in a row)\n")
        + "At: "
        + at
        + "\n";
  }
}
