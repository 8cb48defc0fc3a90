package io.berth.pods;

import io.berth.auth.Caller;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * On whose authority a pod's mounts stand: the user who last set what the pod runs or mounts. The
 * reconciler checks at every start that this user still holds the mount level on each volume and
 * snapshot, so a revoked user's pod no longer mounts what they lost.
 */
@Repository
public class MountAuthority {
  private final JdbcClient jdbc;

  public MountAuthority(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Who answers for a pod's mounts; whether they were a tenant admin is kept with them. */
  public record Holder(String user, boolean tenantAdmin) {}

  public void set(String tenant, String podId, Caller caller) {
    jdbc.sql(
            "insert into pod_mount_authority (tenant, pod_id, username, tenant_admin)"
                + " values (?, ?, ?, ?) on conflict do nothing")
        .params(tenant, podId, caller.user(), caller.isTenantAdmin())
        .update();
    jdbc.sql(
            "update pod_mount_authority set username = ?, tenant_admin = ? where tenant = ? and"
                + " pod_id = ?")
        .params(caller.user(), caller.isTenantAdmin(), tenant, podId)
        .update();
  }

  /** The pod's mount authority; its creator when none was recorded. */
  public Holder of(Pod pod) {
    Optional<Holder> recorded =
        jdbc.sql(
                "select username, tenant_admin from pod_mount_authority where tenant = ? and"
                    + " pod_id = ?")
            .params(pod.tenant(), pod.podId())
            .query((rs, i) -> new Holder(rs.getString(1), rs.getBoolean(2)))
            .optional();
    return recorded.orElseGet(() -> new Holder(pod.createdBy(), false));
  }
}
