package io.berth.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The embedded H2 database: an online {@code SCRIPT} (SQL, gzip) taken in one serializable
 * transaction with the row counts; restored with {@code RUNSCRIPT} into a new database file.
 */
record H2Dump(Path directory) implements DatabaseDump {
  static final String FILE = "database.sql.gz";

  /** The same URL settings as Berth's own data source, so the restored file opens the same way. */
  static String url(Path directory) {
    return "jdbc:h2:file:"
        + directory.resolve("berth")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  @Override
  public String kind() {
    return "h2";
  }

  @Override
  public String fileName() {
    return FILE;
  }

  @Override
  public Map<String, Long> dump(Path file) throws BackupException {
    if (!Files.exists(directory.resolve("berth.mv.db"))) {
      throw new BackupException("there is no H2 database in " + directory);
    }
    try (Connection c =
        DriverManager.getConnection(url(directory) + ";IFEXISTS=TRUE", "berth", "")) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      Map<String, Long> counts = Tables.rowCounts(c);
      try (Statement statement = c.createStatement()) {
        statement.execute("SCRIPT TO '" + quoted(file) + "' COMPRESSION GZIP");
      }
      c.commit();
      return counts;
    } catch (SQLException e) {
      throw new BackupException("the H2 dump failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean targetEmpty() {
    try (Stream<Path> files = Files.list(directory)) {
      return files.noneMatch(f -> f.getFileName().toString().startsWith("berth."));
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void restore(Path file, boolean force) throws BackupException {
    try {
      Files.createDirectories(directory);
      if (force) {
        try (Stream<Path> files = Files.list(directory)) {
          for (Path f :
              files.filter(f -> f.getFileName().toString().startsWith("berth.")).toList()) {
            Files.delete(f);
          }
        }
      }
    } catch (IOException e) {
      throw new BackupException("cannot empty " + directory + ": " + e.getMessage(), e);
    }
    load(url(directory), file);
  }

  @Override
  public <T> T inScratch(Path file, ScratchCheck<T> check) throws BackupException {
    String url =
        "jdbc:h2:mem:berth-verify-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    try (Connection keepAlive = DriverManager.getConnection(url, "berth", "")) {
      load(url, file);
      return check.check(keepAlive);
    } catch (BackupException e) {
      throw e;
    } catch (Exception e) {
      throw new BackupException("the scratch restore failed: " + e.getMessage(), e);
    }
  }

  private static void load(String url, Path file) throws BackupException {
    try (Connection c = DriverManager.getConnection(url, "berth", "");
        Statement statement = c.createStatement()) {
      statement.execute("RUNSCRIPT FROM '" + quoted(file) + "' COMPRESSION GZIP");
    } catch (SQLException e) {
      throw new BackupException(
          "the H2 dump " + file.getFileName() + " does not load: " + e.getMessage(), e);
    }
  }

  private static String quoted(Path file) {
    return file.toAbsolutePath().toString().replace("'", "''");
  }
}
