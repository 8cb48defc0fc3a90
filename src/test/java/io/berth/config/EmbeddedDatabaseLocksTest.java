package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The embedded database waits for a row lock held a few seconds (a user's quota row while a slow
 * create commits) instead of failing the request after H2's default of one second.
 */
class EmbeddedDatabaseLocksTest {

  @Test
  void aRowLockedForSecondsIsWaitedFor() throws Exception {
    Path dir = Files.createTempDirectory("berth-locks");
    String url = DataSourceConfig.embeddedUrl(dir, java.time.Duration.ofSeconds(30));
    try (Connection holder = DriverManager.getConnection(url, "berth", "");
        Connection waiter = DriverManager.getConnection(url, "berth", "")) {
      try (Statement s = holder.createStatement()) {
        s.execute("create table quota_rows (username varchar(16) primary key)");
        s.execute("insert into quota_rows values ('alice')");
      }
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.executeQuery("select username from quota_rows where username = 'alice' for update");
      }
      CompletableFuture<Void> release =
          CompletableFuture.runAsync(() -> {
            try {
              Thread.sleep(2500);
              holder.commit();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      waiter.setAutoCommit(false);
      Instant start = Instant.now();
      try (Statement s = waiter.createStatement()) {
        assertThat(
                s.executeQuery(
                        "select username from quota_rows where username = 'alice' for update")
                    .next())
            .isTrue();
      }
      assertThat(Duration.between(start, Instant.now())).isGreaterThan(Duration.ofSeconds(2));
      waiter.commit();
      release.join();
    }
  }
}
