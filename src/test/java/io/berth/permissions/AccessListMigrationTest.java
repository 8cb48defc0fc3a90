package io.berth.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.MemoryDatabase;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** V80 moves every grant of pods, volumes and snapshots into the one access list, losing none. */
class AccessListMigrationTest {

  @Test
  void everyGrantMovesUnchanged() {
    DataSource db = MemoryDatabase.migratedBefore("80");
    JdbcClient jdbc = JdbcClient.create(db);
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(
            "insert into pods (tenant, pod_id, pod_template, image, command,"
                + " environment_variables, networking, resources, volume_mounts,"
                + " time_to_stop_default, status_requested, status, status_container, generation,"
                + " creation_ts, update_ts, created_by, uid) values ('t1', 'mypod', 'template/x',"
                + " 'i', '[]', '{}', '{}', '{}', '{}', 60, 'ON', 'REQUESTED', '{}', 1, ?, ?, 'alice',"
                + " 'mypod')")
        .params(now, now)
        .update();
    jdbc.sql(
            "insert into pod_permissions (tenant, pod_id, username, level) values"
                + " ('t1', 'mypod', 'alice', 'ADMIN'), ('t1', 'mypod', 'bob', 'READ')")
        .update();
    jdbc.sql(
            "insert into storage_permissions (kind, tenant, object_id, username, level) values"
                + " ('volume', 't1', 'myvol', 'alice', 'ADMIN'),"
                + " ('volume', 't2', 'myvol', 'eve', 'USER'),"
                + " ('snapshot', 't1', 'mysnap', 'bob', 'ADMIN')")
        .update();

    MemoryDatabase.migrate(db, null);

    AccessList list = new AccessList(jdbc);
    assertThat(list.list(Resource.pod("t1", "mypod"))).containsExactly("alice:ADMIN", "bob:READ");
    assertThat(list.list(Resource.volume("t1", "myvol"))).containsExactly("alice:ADMIN");
    assertThat(list.list(Resource.volume("t2", "myvol"))).containsExactly("eve:USER");
    assertThat(list.list(Resource.snapshot("t1", "mysnap"))).containsExactly("bob:ADMIN");
    assertThat(jdbc.sql("select count(*) from permissions").query(Long.class).single())
        .isEqualTo(5);
  }
}
