package io.berth.ops.jobs;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Saved container output: each pod keeps its last characters up to the limit. The reconciler
 * already bounds what it saves; this catches limits lowered since and rows from older versions.
 */
@Component
class PodLogTrimmer implements Housekeeper {
  private final JdbcClient jdbc;
  private final int maxChars;

  PodLogTrimmer(JdbcClient jdbc, JobsProperties properties) {
    this.jdbc = jdbc;
    this.maxChars = properties.housekeeping().podLogMaxChars();
  }

  @Override
  public String name() {
    return "pod logs beyond " + maxChars + " characters";
  }

  @Override
  public long trim(Instant now) {
    return jdbc.sql("update pod_logs set logs = right(logs, ?) where length(logs) > ?")
        .params(maxChars, maxChars)
        .update();
  }
}
