package io.berth.ops.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The tables of Berth's schema and their row counts, the same on H2 and PostgreSQL. */
final class Tables {
  private Tables() {}

  static List<String> names(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "select table_name from information_schema.tables where lower(table_schema) ="
                    + " 'public' and table_type in ('BASE TABLE', 'TABLE') order by table_name")) {
      while (rs.next()) {
        names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }

  static Map<String, Long> rowCounts(Connection c) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Statement statement = c.createStatement()) {
      for (String table : names(c)) {
        try (ResultSet rs = statement.executeQuery("select count(*) from \"" + table + "\"")) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  /** The schema version Flyway last applied, or "none". */
  static String schemaVersion(Connection c) throws SQLException {
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "select version from flyway_schema_history where success and version is not null"
                    + " order by installed_rank desc limit 1")) {
      return rs.next() ? rs.getString(1) : "none";
    } catch (SQLException e) {
      return "none";
    }
  }
}
