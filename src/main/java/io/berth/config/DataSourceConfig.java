package io.berth.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the store: the configured PostgreSQL, or the embedded H2 file under BERTH_HOME. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BerthProperties.class)
class DataSourceConfig {

  /**
   * {@code home} first: a restore writing into BERTH_HOME stops the start before the store opens.
   */
  @Bean
  DataSource dataSource(BerthProperties berth, HomeInUse home) {
    HikariConfig config = new HikariConfig();
    BerthProperties.Db db = berth.db();
    if (db.embedded()) {
      Path dir = berth.homePath().resolve("db");
      createDirectories(dir);
      config.setJdbcUrl(embeddedUrl(dir, db.lockTimeout()));
      config.setUsername("berth");
      config.setPassword("");
      config.setExceptionOverrideClassName(H2ClosedEviction.class.getName());
    } else {
      config.setJdbcUrl(db.url());
      config.setUsername(db.user());
      config.setPassword(db.password());
      // PostgreSQL waits for a lock forever unless told otherwise
      config.setConnectionInitSql("set lock_timeout = " + db.lockTimeout().toMillis());
    }
    config.setMaximumPoolSize(Math.max(2, db.poolSize()));
    config.setPoolName("berth-db");
    HikariDataSource dataSource = new HikariDataSource(config);
    if (db.embedded()) {
      // the pool's first connection made the H2 files: they hold pods' environment and logs
      privateFiles(berth.homePath().resolve("db"));
    }
    return dataSource;
  }

  private static void privateFiles(Path dir) {
    try {
      PrivateHome.privateFiles(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the database files in " + dir + " private", e);
    }
  }

  static String embeddedUrl(Path dir, java.time.Duration lockTimeout) {
    return "jdbc:h2:file:"
        + dir.resolve("berth")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
        // a committed change reaches the file at once: a killed process loses nothing it confirmed
        + ";WRITE_DELAY=0"
        // parsed statements are reused per connection: the API asks the same few queries
        + ";QUERY_CACHE_SIZE=128"
        // a row lock (a user's quota row, a resource's row while its permissions change) is
        // waited for as long as on PostgreSQL, not failed after H2's default of one second
        + ";LOCK_TIMEOUT="
        + lockTimeout.toMillis();
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
      PrivateHome.secure(dir.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database directory " + dir, e);
    }
  }
}
