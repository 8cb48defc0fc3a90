package io.berth.quotas;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Per-user limits that differ from the site's defaults (null columns take the default). A user's
 * row is also what serialises everything that adds to their usage.
 */
@Repository
class QuotaStore {
  private final JdbcClient jdbc;

  QuotaStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Locks the user's row until the transaction ends (creating it when missing), so that two
   * requests of one user never both count the same room.
   */
  void lock(String tenant, String user) {
    jdbc.sql("insert into user_quotas (tenant, username) values (?, ?) on conflict do nothing")
        .params(tenant, user)
        .update();
    jdbc.sql("select username from user_quotas where tenant = ? and username = ? for update")
        .params(tenant, user)
        .query(String.class)
        .single();
  }

  /** The user's own limits: only the quotas set for them. */
  Map<Quota, Long> overrides(String tenant, String user) {
    Map<Quota, Long> limits = new EnumMap<>(Quota.class);
    jdbc.sql(
            "select pods, running_pods, tcp_ports, volume_mb from user_quotas where tenant = ?"
                + " and username = ?")
        .params(tenant, user)
        .query(rs -> {
          Quota[] order = {Quota.PODS, Quota.RUNNING_PODS, Quota.TCP_PORTS, Quota.VOLUME_MB};
          for (int i = 0; i < order.length; i++) {
            long value = rs.getLong(i + 1);
            if (!rs.wasNull()) {
              limits.put(order[i], value);
            }
          }
        });
    return limits;
  }

  /** Replaces the user's own limits (absent quotas go back to the site's default). */
  void replace(String tenant, String user, Map<Quota, Long> limits) {
    lock(tenant, user);
    jdbc.sql(
            "update user_quotas set pods = ?, running_pods = ?, tcp_ports = ?, volume_mb = ?"
                + " where tenant = ? and username = ?")
        .params(
            limits.get(Quota.PODS),
            limits.get(Quota.RUNNING_PODS),
            limits.get(Quota.TCP_PORTS),
            limits.get(Quota.VOLUME_MB),
            tenant,
            user)
        .update();
  }
}
