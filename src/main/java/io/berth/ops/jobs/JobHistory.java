package io.berth.ops.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code job_runs} table: a row when a run starts, completed when it ends. */
@Repository
public class JobHistory {
  private final JdbcClient jdbc;

  public JobHistory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the start of a run; empty when this scheduled instant of the job was already run in
   * this scope (by another process whose lock had lapsed).
   */
  Optional<Long> start(
      String job, String scope, String node, Instant scheduledFor, Instant started) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    try {
      jdbc.sql(
              "insert into job_runs (job, scope, node, scheduled_for, started, outcome,"
                  + " log_excerpt) values (?, ?, ?, ?, ?, ?, '')")
          .params(
              job, scope, node, time(scheduledFor), time(started), JobRun.Outcome.RUNNING.column())
          .update(key, "id");
    } catch (DuplicateKeyException e) {
      return Optional.empty();
    }
    return Optional.of(key.getKeyAs(Number.class).longValue());
  }

  void finish(long id, Instant finished, JobRun.Outcome outcome, String excerpt) {
    jdbc.sql("update job_runs set finished = ?, outcome = ?, log_excerpt = ? where id = ?")
        .params(time(finished), outcome.column(), excerpt, id)
        .update();
  }

  public Optional<JobRun> find(long id) {
    return jdbc.sql("select * from job_runs where id = ?")
        .param(id)
        .query(JobHistory::run)
        .optional();
  }

  /** The newest runs of a job first. */
  public List<JobRun> runs(String job, int limit) {
    return jdbc.sql("select * from job_runs where job = ? order by id desc limit ?")
        .params(job, limit)
        .query(JobHistory::run)
        .list();
  }

  public Optional<JobRun> lastRun(String job) {
    return runs(job, 1).stream().findFirst();
  }

  /** When each job last succeeded, by job name. */
  public Map<String, Instant> lastSuccesses() {
    Map<String, Instant> last = new HashMap<>();
    jdbc.sql("select job, max(finished) from job_runs where outcome = ? group by job")
        .param(JobRun.Outcome.SUCCESS.column())
        .query(rs -> {
          last.put(rs.getString(1), instant(rs, 2));
        });
    return last;
  }

  /** Removes runs older than {@code before} beyond the newest {@code keep} of each job. */
  long trim(Instant before, int keep) {
    return jdbc.sql(
            "delete from job_runs where id in (select id from (select id, started, row_number()"
                + " over (partition by job order by id desc) as n from job_runs) ranked"
                + " where n > ? and started < ?)")
        .params(keep, time(before))
        .update();
  }

  private static JobRun run(ResultSet rs, int row) throws SQLException {
    return new JobRun(
        rs.getLong("id"),
        rs.getString("job"),
        rs.getString("node"),
        instant(rs, "scheduled_for"),
        instant(rs, "started"),
        instant(rs, "finished"),
        JobRun.Outcome.ofColumn(rs.getString("outcome")),
        rs.getString("log_excerpt"));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
