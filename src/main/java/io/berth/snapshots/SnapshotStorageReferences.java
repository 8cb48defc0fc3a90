package io.berth.snapshots;

import io.berth.volumes.StorageReferences;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Snapshots' storage for the orphaned-storage sweep. A copy is recorded CREATING before it is made,
 * so storage a copy cut short left has either no row (the row's removal went through, the storage's
 * did not) or a row that stayed CREATING: past {@code berth.snapshots.abandon-after} its taker is
 * taken for dead, as the schedules' job does for their copies, and its storage is no longer needed.
 */
@Component
class SnapshotStorageReferences implements StorageReferences {
  private final JdbcClient jdbc;
  private final SnapshotsProperties properties;

  SnapshotStorageReferences(JdbcClient jdbc, SnapshotsProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  @Override
  public String prefix() {
    return "snap-";
  }

  @Override
  public String kind() {
    return "snapshot";
  }

  @Override
  public Set<String> needed(Instant now) {
    return Set.copyOf(
        jdbc.sql("select storage_id from snapshots where status <> ? or update_ts >= ?")
            .params(
                Snapshot.CREATING, now.minus(properties.abandonAfter()).atOffset(ZoneOffset.UTC))
            .query(String.class)
            .list());
  }
}
