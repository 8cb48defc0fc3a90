package io.berth.ops.status;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored history of checks: every result, uptime over a period, and trimming. */
@Repository
class CheckResults {
  private final JdbcClient jdbc;

  CheckResults(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void add(CheckResult r) {
    jdbc.sql(
            "insert into status_results (check_name, ts, up, duration_ms, detail) values (?, ?, ?, ?, ?)")
        .params(
            r.check(),
            time(r.at()),
            r.up(),
            r.millis(),
            r.detail().length() > 500 ? r.detail().substring(0, 500) : r.detail())
        .update();
  }

  List<CheckResult> recent(String check, int limit) {
    return jdbc.sql(
            "select check_name, ts, up, duration_ms, detail from status_results where check_name = ?"
                + " order by ts desc, id desc limit ?")
        .params(check, limit)
        .query((rs, i) -> result(rs))
        .list();
  }

  /** The share of results that were up since the instant, or null when there were none. */
  Double uptime(String check, Instant since) {
    return jdbc.sql(
            "select count(*), sum(case when up then 1 else 0 end) from status_results"
                + " where check_name = ? and ts >= ?")
        .params(check, time(since))
        .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
        .optional()
        .filter(counts -> counts[0] > 0)
        .map(counts -> counts[1] / (double) counts[0])
        .orElse(null);
  }

  int trim(Instant before) {
    return jdbc.sql("delete from status_results where ts < ?").param(time(before)).update();
  }

  private static CheckResult result(ResultSet rs) throws SQLException {
    return new CheckResult(
        rs.getString(1),
        rs.getObject(2, OffsetDateTime.class).toInstant(),
        rs.getBoolean(3),
        rs.getLong(4),
        rs.getString(5),
        null);
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
