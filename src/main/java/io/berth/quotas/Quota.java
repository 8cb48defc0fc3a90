package io.berth.quotas;

/** What each user may hold at most, as named in the API and in refusals. */
public enum Quota {
  PODS("pods", "pods"),
  RUNNING_PODS("running_pods", "running pods (status_requested ON or RESTART, not COMPLETE)"),
  TCP_PORTS("tcp_ports", "tcp ports of the proxy host (tcp and postgres networking entries)"),
  VOLUME_MB("volume_mb", "MB of volume size_limit");

  private final String key;
  private final String unit;

  Quota(String key, String unit) {
    this.key = key;
    this.unit = unit;
  }

  /** The quota's name in the API: {@code running_pods}, ... */
  public String key() {
    return key;
  }

  /** What it counts, for messages. */
  public String unit() {
    return unit;
  }
}
