package io.berth.snapshots;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Snapshot schedules in the database. A run is taken by moving {@code next_run_ts} on from the
 * value read ({@link #claim}): of several processes reading the same due row, one update matches,
 * so one process takes the copy.
 */
@Repository
public class SnapshotScheduleRepository {
  /** A schedule whose next run is due. */
  public record Due(String tenant, String snapshotId, SnapshotSchedule schedule, Instant runAt) {}

  private final JdbcClient jdbc;

  public SnapshotScheduleRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Sets the snapshot's schedule, or removes it when the schedule is none. */
  public void save(String tenant, String snapshotId, SnapshotSchedule schedule, Instant nextRun) {
    if (!schedule.scheduled() || nextRun == null) {
      delete(tenant, snapshotId);
      return;
    }
    int updated =
        jdbc.sql(
                "update snapshot_schedules set cron = ?, retention_policy = ?, next_run_ts = ?"
                    + " where tenant = ? and snapshot_id = ?")
            .params(schedule.cron(), schedule.retention().text(), time(nextRun), tenant, snapshotId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into snapshot_schedules (tenant, snapshot_id, cron, retention_policy,"
                  + " next_run_ts) values (?, ?, ?, ?, ?)")
          .params(tenant, snapshotId, schedule.cron(), schedule.retention().text(), time(nextRun))
          .update();
    }
  }

  public Optional<SnapshotSchedule> find(String tenant, String snapshotId) {
    return jdbc.sql(
            "select cron, retention_policy from snapshot_schedules where tenant = ? and"
                + " snapshot_id = ?")
        .params(tenant, snapshotId)
        .query(SnapshotScheduleRepository::schedule)
        .optional();
  }

  public Map<String, SnapshotSchedule> listTenant(String tenant) {
    Map<String, SnapshotSchedule> all = new LinkedHashMap<>();
    jdbc.sql("select snapshot_id, cron, retention_policy from snapshot_schedules where tenant = ?")
        .param(tenant)
        .query(rs -> {
          all.put(rs.getString("snapshot_id"), schedule(rs, 0));
        });
    return all;
  }

  /** The schedules due at {@code now}, the longest overdue first. */
  public List<Due> due(Instant now, int limit) {
    return jdbc.sql(
            "select tenant, snapshot_id, cron, retention_policy, next_run_ts from"
                + " snapshot_schedules where next_run_ts <= ? order by next_run_ts")
        .param(time(now))
        .withMaxRows(limit)
        .query((rs, row) ->
            new Due(
                rs.getString("tenant"),
                rs.getString("snapshot_id"),
                schedule(rs, row),
                rs.getObject("next_run_ts", OffsetDateTime.class).toInstant()))
        .list();
  }

  /** Takes the run due at {@code runAt} for this process: true when no other process took it. */
  public boolean claim(Due due, Instant next) {
    if (next == null) {
      delete(due.tenant(), due.snapshotId()); // the expression fires no more
      return true;
    }
    return jdbc.sql(
                "update snapshot_schedules set next_run_ts = ? where tenant = ? and"
                    + " snapshot_id = ? and next_run_ts = ?")
            .params(time(next), due.tenant(), due.snapshotId(), time(due.runAt()))
            .update()
        == 1;
  }

  /** The schedule goes with its snapshot; the copies it took stay, as snapshots of their own. */
  public void delete(String tenant, String snapshotId) {
    jdbc.sql("delete from snapshot_schedules where tenant = ? and snapshot_id = ?")
        .params(tenant, snapshotId)
        .update();
  }

  private static SnapshotSchedule schedule(ResultSet rs, int row) throws SQLException {
    return new SnapshotSchedule(
        rs.getString("cron"), RetentionPolicy.parse(rs.getString("retention_policy")));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
