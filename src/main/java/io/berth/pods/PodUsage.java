package io.berth.pods;

import io.berth.quotas.Quota;
import io.berth.quotas.UsageMeter;
import io.berth.templates.Networking;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user's pods hold of their quotas: pods, running pods and tcp ports, counted against the
 * user who created each pod, whoever starts it.
 */
@Component
class PodUsage implements UsageMeter {
  private static final TypeReference<Map<String, Networking>> NETWORKING = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  PodUsage(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public Map<Quota, Long> usage(String tenant, String user) {
    Map<Quota, Long> used = new EnumMap<>(Quota.class);
    used.put(Quota.PODS, 0L);
    used.put(Quota.RUNNING_PODS, 0L);
    used.put(Quota.TCP_PORTS, 0L);
    jdbc.sql(
            "select status_requested, status, networking from pods where tenant = ? and"
                + " created_by = ?")
        .params(tenant, user)
        .query(rs -> {
          used.merge(Quota.PODS, 1L, Long::sum);
          if (running(
              StatusRequested.valueOf(rs.getString(1)), PodStatus.fromText(rs.getString(2)))) {
            used.merge(Quota.RUNNING_PODS, 1L, Long::sum);
          }
          Map<String, Networking> entries = json.readValue(rs.getString(3), NETWORKING);
          used.merge(Quota.TCP_PORTS, ports(entries.values()), Long::sum);
        });
    return used;
  }

  /** Asked to run and not finished: a pod that completed holds nothing until started again. */
  static boolean running(StatusRequested requested, PodStatus status) {
    return requested != StatusRequested.OFF && status != PodStatus.COMPLETE;
  }

  static long ports(Collection<Networking> entries) {
    return entries.stream().filter(Networking::takesHostPort).count();
  }
}
