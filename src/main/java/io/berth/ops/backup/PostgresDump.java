package io.berth.ops.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * PostgreSQL: {@code pg_dump -Fc} of the snapshot a repeatable-read transaction exported, so the
 * row counts match the dump exactly while Berth keeps writing; {@code pg_restore} back. The
 * password goes to the client tools in PGPASSWORD, never on a command line or in a log.
 */
record PostgresDump(SiteLayout.Database database) implements DatabaseDump {
  static final String FILE = "database.pgdump";

  @Override
  public String kind() {
    return "postgresql";
  }

  @Override
  public String fileName() {
    return FILE;
  }

  @Override
  public Map<String, Long> dump(Path file) throws BackupException {
    try (Connection c = connect(database.url())) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      String snapshot;
      try (ResultSet rs = c.createStatement().executeQuery("select pg_export_snapshot()")) {
        rs.next();
        snapshot = rs.getString(1);
      }
      Map<String, Long> counts = Tables.rowCounts(c);
      run(
          List.of(
              "pg_dump",
              "-Fc",
              "--no-owner",
              "--no-privileges",
              "--snapshot=" + snapshot,
              "-f",
              file.toString()),
          database.url());
      c.commit();
      return counts;
    } catch (SQLException e) {
      throw new BackupException("the PostgreSQL dump failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean targetEmpty() throws BackupException {
    try (Connection c = connect(database.url())) {
      return Tables.names(c).isEmpty();
    } catch (SQLException e) {
      throw new BackupException("cannot read the target database: " + e.getMessage(), e);
    }
  }

  @Override
  public void restore(Path file, boolean force) throws BackupException {
    if (force) {
      try (Connection c = connect(database.url());
          Statement statement = c.createStatement()) {
        statement.execute("drop schema public cascade");
        statement.execute("create schema public");
      } catch (SQLException e) {
        throw new BackupException("cannot empty the target database: " + e.getMessage(), e);
      }
    }
    pgRestore(file, database.url());
  }

  @Override
  public <T> T inScratch(Path file, ScratchCheck<T> check) throws BackupException {
    String name = "berth_verify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Properties target = parse(database.url());
    String scratchUrl =
        "jdbc:postgresql://"
            + target.getProperty("PGHOST")
            + ":"
            + target.getProperty("PGPORT")
            + "/"
            + name;
    try (Connection admin = connect(database.url());
        Statement statement = admin.createStatement()) {
      try {
        statement.execute("create database " + name);
      } catch (SQLException e) {
        throw new BackupException(
            "verify restores into a scratch database and the role "
                + database.user()
                + " may not create one (grant it CREATEDB): "
                + e.getMessage(),
            e);
      }
      try {
        pgRestore(file, scratchUrl);
        try (Connection scratch = connect(scratchUrl)) {
          return check.check(scratch);
        }
      } catch (BackupException e) {
        throw e;
      } catch (Exception e) {
        throw new BackupException("the scratch restore failed: " + e.getMessage(), e);
      } finally {
        statement.execute("drop database if exists " + name + " with (force)");
      }
    } catch (SQLException e) {
      throw new BackupException("the scratch database failed: " + e.getMessage(), e);
    }
  }

  private void pgRestore(Path file, String url) throws BackupException {
    run(
        List.of(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname=" + parse(url).getProperty("PGDBNAME"),
            file.toString()),
        url);
  }

  private Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, database.user(), database.password());
  }

  /** Runs a PostgreSQL client tool against {@code url}; its output is the error message. */
  private void run(List<String> command, String url) throws BackupException {
    Properties target = parse(url);
    List<String> full = new ArrayList<>(command);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("PGHOST", target.getProperty("PGHOST"));
    env.put("PGPORT", target.getProperty("PGPORT"));
    env.put("PGDATABASE", target.getProperty("PGDBNAME"));
    env.put("PGUSER", database.user() == null ? "" : database.user());
    env.put("PGPASSWORD", database.password() == null ? "" : database.password());
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = process.waitFor();
      if (status != 0) {
        throw new BackupException(
            command.getFirst() + " failed (exit " + status + "): " + output.strip());
      }
    } catch (IOException e) {
      throw new BackupException(
          command.getFirst()
              + " cannot be run (install PostgreSQL's client: apt-get install"
              + " postgresql-client): "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException(command.getFirst() + " was interrupted", e);
    }
  }

  private static Properties parse(String url) {
    Properties properties = org.postgresql.Driver.parseURL(url, null);
    if (properties == null) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
    }
    Properties flat = new Properties();
    flat.setProperty("PGHOST", properties.getProperty("PGHOST", "localhost").split(",")[0]);
    flat.setProperty("PGPORT", properties.getProperty("PGPORT", "5432").split(",")[0]);
    flat.setProperty("PGDBNAME", properties.getProperty("PGDBNAME", ""));
    return flat;
  }
}
