package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.quotas.Quota;
import io.berth.quotas.Quotas;
import io.berth.templates.Networking;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The quota checks before a pod is created, started or given more tcp entries; a pod counts against
 * the user who created it (see {@link PodUsage}).
 */
@Component
class PodQuotas {
  private final Quotas quotas;

  PodQuotas(Quotas quotas) {
    this.quotas = quotas;
  }

  void creating(Caller caller, StatusRequested requested, Map<String, Networking> networking) {
    Map<Quota, Long> adding = new EnumMap<>(Quota.class);
    adding.put(Quota.PODS, 1L);
    adding.put(Quota.RUNNING_PODS, requested == StatusRequested.OFF ? 0L : 1L);
    adding.put(Quota.TCP_PORTS, PodUsage.ports(networking.values()));
    quotas.requireRoom(caller.tenant(), caller.user(), adding);
  }

  void networkingChanging(Pod pod, Map<String, Networking> networking) {
    long more =
        PodUsage.ports(networking.values())
            - PodUsage.ports(pod.definition().networking().values());
    quotas.requireRoom(pod.tenant(), pod.createdBy(), Map.of(Quota.TCP_PORTS, more));
  }

  void starting(Pod pod, StatusRequested requested) {
    if (requested != StatusRequested.OFF
        && !PodUsage.running(pod.statusRequested(), pod.status())) {
      quotas.requireRoom(pod.tenant(), pod.createdBy(), Map.of(Quota.RUNNING_PODS, 1L));
    }
  }
}
