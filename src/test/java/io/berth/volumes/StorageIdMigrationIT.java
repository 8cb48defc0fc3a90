package io.berth.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.TestDatabase;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V70 on a database made before it: existing rows record the storage they already have, so pods',
 * volumes' and snapshots' files stay where they are and keep working. On H2 and on PostgreSQL.
 */
@Tag("db")
class StorageIdMigrationIT {

  @Test
  void existingRowsKeepTheirCurrentStorage() throws Exception {
    DataSource db = freshDatabase();
    Flyway.configure().dataSource(db).target("50").load().migrate();
    JdbcClient jdbc = JdbcClient.create(db);
    jdbc.sql(
            "insert into pods (tenant, pod_id, pod_template, image, command,"
                + " environment_variables, networking, resources, volume_mounts,"
                + " time_to_stop_default, status_requested, status, status_container, generation,"
                + " creation_ts, update_ts, created_by) values ('t', 'mydb', 'template/postgres',"
                + " 'postgres', '[]', '{}', '{}', '{}', '{}', -1, 'ON', 'AVAILABLE', '{}', 1,"
                + " current_timestamp, current_timestamp, 'alice')")
        .update();
    jdbc.sql(
            "insert into pod_deletions (tenant, pod_id, generation, delete_data, requested_ts)"
                + " values ('t', 'gone', 3, true, current_timestamp)")
        .update();
    jdbc.sql(
            "insert into volumes (tenant, volume_id, size_limit, status, creation_ts, update_ts,"
                + " created_by) values ('t', 'shared', 10, 'AVAILABLE', current_timestamp,"
                + " current_timestamp, 'alice')")
        .update();
    jdbc.sql(
            "insert into snapshots (tenant, snapshot_id, source_volume_id, source_volume_path,"
                + " destination_path, size_limit, size_bytes, status, creation_ts, update_ts,"
                + " created_by) values ('t', 'monday', 'shared', '', '', 10, 0, 'AVAILABLE',"
                + " current_timestamp, current_timestamp, 'alice')")
        .update();

    Flyway.configure().dataSource(db).load().migrate();

    assertThat(jdbc.sql("select uid from pods").query(String.class).single()).isEqualTo("mydb");
    assertThat(jdbc.sql("select pod_uid from pod_deletions").query(String.class).single())
        .isEqualTo("gone");
    assertThat(jdbc.sql("select storage_id from volumes").query(String.class).single())
        .isEqualTo("vol-t-shared");
    assertThat(jdbc.sql("select storage_id from snapshots").query(String.class).single())
        .isEqualTo("snap-t-monday");
  }

  /** An empty H2 in memory, or a new database beside the PostgreSQL test database. */
  private static DataSource freshDatabase() throws Exception {
    String name = "berth_v70_" + UUID.randomUUID().toString().substring(0, 8);
    if (!TestDatabase.postgres()) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(
          "jdbc:h2:mem:"
              + name
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
      h2.setUser("berth");
      return h2;
    }
    TestDatabase.Postgres database = TestDatabase.Postgres.started().newDatabase(name);
    return new DriverManagerDataSource(database.url(), database.user(), database.password());
  }
}
