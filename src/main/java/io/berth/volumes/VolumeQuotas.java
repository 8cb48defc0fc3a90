package io.berth.volumes;

import io.berth.quotas.Quota;
import io.berth.quotas.UsageMeter;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Volumes count against their creator's volume_mb quota by their size_limit. */
@Component
class VolumeQuotas implements UsageMeter {
  private final JdbcClient jdbc;

  VolumeQuotas(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<Quota, Long> usage(String tenant, String user) {
    long mb =
        jdbc.sql(
                "select coalesce(sum(size_limit), 0) from volumes where tenant = ? and"
                    + " created_by = ?")
            .params(tenant, user)
            .query(Long.class)
            .single();
    return Map.of(Quota.VOLUME_MB, mb);
  }
}
