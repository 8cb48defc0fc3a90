package io.berth.quotas;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The site's default quotas per user (BERTH_QUOTAS_PODS, ..._RUNNING_PODS, ..._TCP_PORTS,
 * ..._VOLUME_MB); tenant admins may set other limits for single users.
 */
@ConfigurationProperties("berth.quotas")
public record QuotasProperties(
    Integer pods, Integer runningPods, Integer tcpPorts, Integer volumeMb) {

  public QuotasProperties {
    pods = checked("pods", pods, 100);
    runningPods = checked("running-pods", runningPods, 25);
    tcpPorts = checked("tcp-ports", tcpPorts, 50);
    volumeMb = checked("volume-mb", volumeMb, 102400);
  }

  public Map<Quota, Long> defaults() {
    Map<Quota, Long> limits = new EnumMap<>(Quota.class);
    limits.put(Quota.PODS, (long) pods);
    limits.put(Quota.RUNNING_PODS, (long) runningPods);
    limits.put(Quota.TCP_PORTS, (long) tcpPorts);
    limits.put(Quota.VOLUME_MB, (long) volumeMb);
    return limits;
  }

  private static int checked(String name, Integer value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < 0) {
      throw new IllegalArgumentException("berth.quotas." + name + " must be 0 or more");
    }
    return value;
  }
}
