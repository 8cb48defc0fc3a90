package io.berth.pods;

import io.berth.runtime.PodKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes when the proxy last saw traffic of pods ({@code last_activity_ts}). Only ever moves the
 * time forward, so proxy processes flushing in any order agree on the latest.
 */
@Repository
public class PodActivityStore {
  private final JdbcClient jdbc;

  public PodActivityStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(Map<PodKey, Instant> lastSeen) {
    lastSeen.forEach((key, at) -> {
      var ts = at.atOffset(ZoneOffset.UTC);
      jdbc.sql(
              "update pods set last_activity_ts = ? where tenant = ? and pod_id = ? and"
                  + " (last_activity_ts is null or last_activity_ts < ?)")
          .params(ts, key.tenant(), key.podId(), ts)
          .update();
    });
  }
}
