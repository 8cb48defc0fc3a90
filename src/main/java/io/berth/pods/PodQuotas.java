package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.quotas.Quota;
import io.berth.quotas.Quotas;
import io.berth.quotas.UsageMeter;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What pods count against their owner's quotas (pods, running pods, tcp ports), and the checks
 * before a pod is created, started or given more tcp entries. A pod counts against the user who
 * created it, whoever starts it.
 */
@Component
class PodQuotas implements UsageMeter {
  private static final TypeReference<Map<String, Networking>> NETWORKING = new TypeReference<>() {};

  private final Quotas quotas;
  private final JdbcClient jdbc;
  private final JsonMapper json;

  PodQuotas(Quotas quotas, JdbcClient jdbc, JsonMapper json) {
    this.quotas = quotas;
    this.jdbc = jdbc;
    this.json = json;
  }

  void creating(Caller caller, StatusRequested requested, Map<String, Networking> networking) {
    Map<Quota, Long> adding = new EnumMap<>(Quota.class);
    adding.put(Quota.PODS, 1L);
    adding.put(Quota.RUNNING_PODS, requested == StatusRequested.OFF ? 0L : 1L);
    adding.put(Quota.TCP_PORTS, ports(networking.values()));
    quotas.requireRoom(caller.tenant(), caller.user(), adding);
  }

  void networkingChanging(Pod pod, Map<String, Networking> networking) {
    long more = ports(networking.values()) - ports(pod.networking().values());
    quotas.requireRoom(pod.tenant(), pod.createdBy(), Map.of(Quota.TCP_PORTS, more));
  }

  void starting(Pod pod, StatusRequested requested) {
    if (requested != StatusRequested.OFF && !running(pod)) {
      quotas.requireRoom(pod.tenant(), pod.createdBy(), Map.of(Quota.RUNNING_PODS, 1L));
    }
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
          used.merge(
              Quota.TCP_PORTS,
              ports(json.readValue(rs.getString(3), NETWORKING).values()),
              Long::sum);
        });
    return used;
  }

  private static boolean running(Pod pod) {
    return running(pod.statusRequested(), pod.status());
  }

  /** Asked to run and not finished: a pod that completed holds nothing until started again. */
  private static boolean running(StatusRequested requested, PodStatus status) {
    return requested != StatusRequested.OFF && status != PodStatus.COMPLETE;
  }

  private static long ports(Collection<Networking> entries) {
    return entries.stream().filter(Networking::takesHostPort).count();
  }
}
