package io.berth.pods;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per-pod permissions as Tapis stores them: one level per user. */
@Repository
public class PermissionStore {
  private final JdbcClient jdbc;

  public PermissionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<PermissionLevel> levelOf(String tenant, String podId, String user) {
    return jdbc.sql(
            "select level from pod_permissions where tenant = ? and pod_id = ? and username = ?")
        .params(tenant, podId, user)
        .query(String.class)
        .optional()
        .map(PermissionLevel::valueOf);
  }

  public List<String> list(String tenant, String podId) {
    return jdbc.sql(
            "select username, level from pod_permissions where tenant = ? and pod_id = ?"
                + " order by username")
        .params(tenant, podId)
        .query((rs, i) -> rs.getString(1) + ":" + rs.getString(2))
        .list();
  }

  public void set(String tenant, String podId, String user, PermissionLevel level) {
    int updated =
        jdbc.sql(
                "update pod_permissions set level = ? where tenant = ? and pod_id = ? and"
                    + " username = ?")
            .params(level.name(), tenant, podId, user)
            .update();
    if (updated == 0) {
      jdbc.sql("insert into pod_permissions (tenant, pod_id, username, level) values (?, ?, ?, ?)")
          .params(tenant, podId, user, level.name())
          .update();
    }
  }

  public boolean remove(String tenant, String podId, String user) {
    return jdbc.sql("delete from pod_permissions where tenant = ? and pod_id = ? and username = ?")
            .params(tenant, podId, user)
            .update()
        > 0;
  }

  public long countAdmins(String tenant, String podId) {
    return jdbc.sql(
            "select count(*) from pod_permissions where tenant = ? and pod_id = ? and level = ?")
        .params(tenant, podId, PermissionLevel.ADMIN.name())
        .query(Long.class)
        .single();
  }
}
