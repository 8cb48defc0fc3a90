package io.berth.snapshots;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Snapshots in the database. */
@Repository
public class SnapshotRepository {
  private static final String COLUMNS =
      "tenant, snapshot_id, source_volume_id, source_volume_path, destination_path, description,"
          + " size_limit, size_bytes, status, creation_ts, update_ts, created_by, storage_id";

  private final JdbcClient jdbc;

  public SnapshotRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Snapshot s) {
    insert(s, null);
  }

  /** A snapshot a schedule took ({@code scheduledFrom} names it; null when taken by hand). */
  public void insert(Snapshot s, String scheduledFrom) {
    jdbc.sql(
            "insert into snapshots ("
                + COLUMNS
                + ", scheduled_from) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            s.tenant(),
            s.snapshotId(),
            s.sourceVolumeId(),
            s.sourceVolumePath(),
            s.destinationPath(),
            s.description(),
            s.sizeLimitMb(),
            s.sizeBytes(),
            s.status(),
            time(s.creationTs()),
            time(s.updateTs()),
            s.createdBy(),
            s.storageId(),
            scheduledFrom)
        .update();
  }

  /** The copies a schedule took that are still its own. */
  public List<Snapshot> copiesOf(String tenant, String scheduleId) {
    return jdbc.sql("select " + COLUMNS + " from snapshots where tenant = ? and scheduled_from = ?")
        .params(tenant, scheduleId)
        .query(SnapshotRepository::map)
        .list();
  }

  /**
   * Snapshots left CREATING since before {@code before}, scheduled copies and hand-made ones alike:
   * their taker died (a create answers only once its copy is made or undone).
   */
  public List<Snapshot> abandoned(Instant before) {
    return jdbc.sql("select " + COLUMNS + " from snapshots where status = ? and update_ts < ?")
        .params(Snapshot.CREATING, time(before))
        .query(SnapshotRepository::map)
        .list();
  }

  /** A schedule's copies become snapshots of their own (its snapshot is being deleted). */
  public void release(String tenant, String scheduleId) {
    jdbc.sql("update snapshots set scheduled_from = null where tenant = ? and scheduled_from = ?")
        .params(tenant, scheduleId)
        .update();
  }

  public Optional<Snapshot> find(String tenant, String id) {
    return jdbc.sql("select " + COLUMNS + " from snapshots where tenant = ? and snapshot_id = ?")
        .params(tenant, id)
        .query(SnapshotRepository::map)
        .optional();
  }

  public List<Snapshot> listTenant(String tenant) {
    return jdbc.sql("select " + COLUMNS + " from snapshots where tenant = ? order by snapshot_id")
        .param(tenant)
        .query(SnapshotRepository::map)
        .list();
  }

  public void finish(String tenant, String id, String status, long sizeBytes, Instant now) {
    jdbc.sql(
            "update snapshots set status = ?, size_bytes = ?, update_ts = ? where tenant = ? and"
                + " snapshot_id = ?")
        .params(status, sizeBytes, time(now), tenant, id)
        .update();
  }

  public void describe(String tenant, String id, String description, Instant now) {
    jdbc.sql(
            "update snapshots set description = ?, update_ts = ? where tenant = ? and"
                + " snapshot_id = ?")
        .params(description, time(now), tenant, id)
        .update();
  }

  public void delete(String tenant, String id) {
    jdbc.sql("delete from snapshots where tenant = ? and snapshot_id = ?")
        .params(tenant, id)
        .update();
  }

  private static Snapshot map(ResultSet rs, int row) throws SQLException {
    return new Snapshot(
        rs.getString("tenant"),
        rs.getString("snapshot_id"),
        rs.getString("source_volume_id"),
        rs.getString("source_volume_path"),
        rs.getString("destination_path"),
        rs.getString("description"),
        rs.getInt("size_limit"),
        rs.getLong("size_bytes"),
        rs.getString("status"),
        rs.getObject("creation_ts", OffsetDateTime.class).toInstant(),
        rs.getObject("update_ts", OffsetDateTime.class).toInstant(),
        rs.getString("created_by"),
        rs.getString("storage_id"));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
