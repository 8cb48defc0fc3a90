package io.berth.ops.status;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The whole status configuration: checks, where alerts go, and maintenance windows. */
record StatusConfig(
    List<CheckDefinition> checks, Alerting alerting, List<MaintenanceWindow> maintenance) {

  boolean inMaintenance(Instant now) {
    return maintenance.stream().anyMatch(w -> w.covers(now));
  }

  record Alerting(Webhook webhook, Email email) {}

  record Webhook(URI url, Map<String, String> headers) {}

  record Email(
      String host,
      int port,
      String username,
      String password,
      String from,
      List<String> to,
      boolean starttls) {

    @Override
    public String toString() { // never the password
      return "Email[host=" + host + ", port=" + port + ", from=" + from + ", to=" + to + "]";
    }
  }
}
