package io.berth.testing;

import java.util.Arrays;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A private in-memory H2 database with Berth's schema (the embedded store's settings), for unit
 * tests of repositories and rules without Spring.
 */
public final class MemoryDatabase {
  private MemoryDatabase() {}

  /** A new database migrated to the latest schema. */
  public static JdbcClient migrated() {
    return JdbcClient.create(migrate(dataSource(), null));
  }

  /**
   * A new database migrated up to the last migration before {@code version} (to test that
   * migration's data move, whatever other migrations precede it).
   */
  public static DataSource migratedBefore(String version) {
    DataSource dataSource = dataSource();
    MigrationVersion limit = MigrationVersion.fromVersion(version);
    MigrationVersion last =
        Arrays.stream(configure(dataSource).load().info().all())
            .map(MigrationInfo::getVersion)
            .filter(v -> v.compareTo(limit) < 0)
            .max(MigrationVersion::compareTo)
            .orElseThrow();
    return migrate(dataSource, last.getVersion());
  }

  public static DataSource migrate(DataSource dataSource, String version) {
    FluentConfiguration config = configure(dataSource);
    if (version != null) {
      config.target(version);
    }
    config.load().migrate();
    return dataSource;
  }

  private static FluentConfiguration configure(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
  }

  private static DataSource dataSource() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(
        "jdbc:h2:mem:"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_DELAY=-1");
    h2.setUser("berth");
    return h2;
  }
}
