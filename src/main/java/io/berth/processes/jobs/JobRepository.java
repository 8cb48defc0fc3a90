package io.berth.processes.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs in the database. Phase changes are compare-and-set on the phase they leave, so a step
 * repeated after a crash, or racing a dismissal, changes nothing twice.
 */
@Repository
public class JobRepository {
  private static final String COLUMNS =
      "job_id, tenant, owner, process_id, process, request, phase, dismiss_requested, message,"
          + " failure, output_volume, image_digest, exit_code, results, log, timeout_seconds,"
          + " creation_ts, started_ts, finished_ts, update_ts";
  private static final String PENDING =
      "(phase in ('QUEUED', 'STARTING', 'RUNNING') or (dismiss_requested and phase <>"
          + " 'DISMISSED'))";
  private static final TypeReference<Map<String, JobResult>> RESULTS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public JobRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public void insert(Job j) {
    jdbc.sql(
            "insert into process_jobs (job_id, tenant, owner, process_id, process, request, phase,"
                + " output_volume, timeout_seconds, creation_ts, update_ts) values (?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?)")
        .params(
            j.jobId(),
            j.tenant(),
            j.owner(),
            j.processId(),
            json.writeValueAsString(j.process()),
            json.writeValueAsString(j.request()),
            j.phase().name(),
            j.outputVolume(),
            j.timeoutSeconds(),
            time(j.creationTs()),
            time(j.updateTs()))
        .update();
  }

  public Optional<Job> find(String jobId) {
    return jdbc.sql("select " + COLUMNS + " from process_jobs where job_id = ?")
        .param(jobId)
        .query(this::map)
        .optional();
  }

  /** What the job reconciler still has to do something about, oldest first. */
  public List<Job> pending() {
    return jdbc.sql(
            "select " + COLUMNS + " from process_jobs where " + PENDING + " order by creation_ts")
        .query(this::map)
        .list();
  }

  /** The queue: jobs waiting for a slot, oldest first. */
  public List<Job> queued(int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from process_jobs where phase = 'QUEUED' and not dismiss_requested order by"
                + " creation_ts limit ?")
        .param(limit)
        .query(this::map)
        .list();
  }

  /** Jobs holding a slot, by tenant and owner ({@code tenant/owner}). */
  public Map<String, Long> activeByOwner() {
    Map<String, Long> counts = new java.util.HashMap<>();
    jdbc.sql(
            "select tenant, owner, count(*) from process_jobs where phase in ('STARTING',"
                + " 'RUNNING') group by tenant, owner")
        .query((rs, i) -> counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3)))
        .list();
    return counts;
  }

  /** Jobs of an owner not finished yet (the queue's per-user bound). */
  public long unfinished(String tenant, String owner) {
    return jdbc.sql(
            "select count(*) from process_jobs where tenant = ? and owner = ? and phase in"
                + " ('QUEUED', 'STARTING', 'RUNNING')")
        .params(tenant, owner)
        .query(Long.class)
        .single();
  }

  /** A tenant's jobs, newest first; {@code owner} null for all of them, filters empty for any. */
  public List<Job> list(
      String tenant,
      String owner,
      Collection<String> processIds,
      Collection<JobPhase> phases,
      boolean dismissed,
      int limit,
      int offset) {
    StringBuilder sql =
        new StringBuilder("select " + COLUMNS + " from process_jobs where tenant = ?");
    List<Object> params = new ArrayList<>(List.of(tenant));
    if (owner != null) {
      sql.append(" and owner = ?");
      params.add(owner);
    }
    if (!processIds.isEmpty()) {
      sql.append(" and process_id in (").append(marks(processIds.size())).append(")");
      params.addAll(processIds);
    }
    if (!phases.isEmpty() || dismissed) {
      List<String> alternatives = new ArrayList<>();
      if (!phases.isEmpty()) {
        alternatives.add("(phase in (" + marks(phases.size()) + ") and not dismiss_requested)");
        phases.forEach(p -> params.add(p.name()));
      }
      if (dismissed) {
        alternatives.add("(phase = 'DISMISSED' or dismiss_requested)");
      }
      sql.append(" and (").append(String.join(" or ", alternatives)).append(")");
    }
    sql.append(" order by creation_ts desc, job_id limit ? offset ?");
    params.add(limit);
    params.add(offset);
    return jdbc.sql(sql.toString()).params(params).query(this::map).list();
  }

  /** QUEUED to STARTING: the job takes a slot. */
  public boolean admit(String jobId, Instant now) {
    return move(jobId, JobPhase.QUEUED, JobPhase.STARTING, now);
  }

  /** STARTING to RUNNING, once its container is known to have started. */
  public boolean running(String jobId, Instant startedAt, String imageDigest, Instant now) {
    return jdbc.sql(
                "update process_jobs set phase = 'RUNNING', started_ts = ?, image_digest = ?,"
                    + " update_ts = ? where job_id = ? and phase = 'STARTING'")
            .params(time(startedAt), imageDigest, time(now), jobId)
            .update()
        > 0;
  }

  /** To SUCCESSFUL or FAILED, from any phase that is not finished. */
  public boolean finish(
      String jobId,
      JobPhase phase,
      String message,
      String failure,
      Integer exitCode,
      String imageDigest,
      Map<String, JobResult> results,
      String log,
      Instant now) {
    return jdbc.sql(
                "update process_jobs set phase = ?, message = ?, failure = ?, exit_code = ?,"
                    + " image_digest = coalesce(?, image_digest), results = ?, log = ?,"
                    + " finished_ts = ?, update_ts = ? where job_id = ? and phase in ('QUEUED',"
                    + " 'STARTING', 'RUNNING')")
            .params(
                phase.name(),
                cut(message, 2048),
                failure,
                exitCode,
                imageDigest,
                results == null ? null : json.writeValueAsString(results),
                log,
                time(now),
                time(now),
                jobId)
            .update()
        > 0;
  }

  public boolean requestDismissal(String jobId, Instant now) {
    return jdbc.sql(
                "update process_jobs set dismiss_requested = true, update_ts = ? where job_id = ?"
                    + " and phase <> 'DISMISSED'")
            .params(time(now), jobId)
            .update()
        > 0;
  }

  public boolean dismissed(String jobId, String message, Instant now) {
    return jdbc.sql(
                "update process_jobs set phase = 'DISMISSED', message = ?, finished_ts ="
                    + " coalesce(finished_ts, ?), update_ts = ? where job_id = ? and phase <>"
                    + " 'DISMISSED'")
            .params(message, time(now), time(now), jobId)
            .update()
        > 0;
  }

  private boolean move(String jobId, JobPhase from, JobPhase to, Instant now) {
    return jdbc.sql(
                "update process_jobs set phase = ?, update_ts = ? where job_id = ? and phase = ?")
            .params(to.name(), time(now), jobId, from.name())
            .update()
        > 0;
  }

  private Job map(ResultSet rs, int row) throws SQLException {
    String results = rs.getString("results");
    return new Job(
        rs.getString("job_id"),
        rs.getString("tenant"),
        rs.getString("owner"),
        rs.getString("process_id"),
        json.readValue(rs.getString("process"), ProcessSnapshot.class),
        json.readValue(rs.getString("request"), ExecuteRequest.class),
        JobPhase.valueOf(rs.getString("phase")),
        rs.getBoolean("dismiss_requested"),
        rs.getString("message"),
        rs.getString("failure"),
        rs.getString("output_volume"),
        rs.getString("image_digest"),
        (Integer) rs.getObject("exit_code"),
        results == null ? Map.of() : json.readValue(results, RESULTS),
        rs.getString("log"),
        rs.getInt("timeout_seconds"),
        instant(rs, "creation_ts"),
        instant(rs, "started_ts"),
        instant(rs, "finished_ts"),
        instant(rs, "update_ts"));
  }

  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
