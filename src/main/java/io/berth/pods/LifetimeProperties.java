package io.berth.pods;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long pods live without use: the proxy flushes the traffic it saw every {@code activityFlush};
 * a pod whose {@code idle_timeout} passed without traffic is stopped. {@code idleTimeoutDefault}
 * applies when neither the request nor the template sets one (-1: never); {@code idleTimeoutMax}
 * bounds what a pod may ask (null: no bound; then -1 stays allowed). Owners are warned {@code
 * stopWarning} before an idle stop or a time_to_stop (zero: never), and {@code POST .../extend} may
 * move a pod's stop at most {@code extendMax} ahead of now.
 */
@ConfigurationProperties("berth.pods.lifetime")
public record LifetimeProperties(
    Duration activityFlush,
    Integer idleTimeoutDefault,
    Integer idleTimeoutMax,
    Duration stopWarning,
    Duration extendMax) {

  public LifetimeProperties {
    activityFlush = activityFlush == null ? Duration.ofSeconds(10) : activityFlush;
    idleTimeoutDefault = idleTimeoutDefault == null ? -1 : idleTimeoutDefault;
    stopWarning = stopWarning == null ? Duration.ofMinutes(10) : stopWarning;
    extendMax = extendMax == null ? Duration.ofDays(7) : extendMax;
    if (activityFlush.isNegative() || activityFlush.isZero()) {
      throw new IllegalStateException(
          "berth.pods.lifetime.activity-flush must be positive, not " + activityFlush);
    }
    if (idleTimeoutDefault != -1 && idleTimeoutDefault < 1) {
      throw new IllegalStateException(
          "berth.pods.lifetime.idle-timeout-default must be -1 (never) or positive seconds");
    }
    if (idleTimeoutMax != null && idleTimeoutMax < 1) {
      throw new IllegalStateException("berth.pods.lifetime.idle-timeout-max must be positive");
    }
    if (idleTimeoutMax != null
        && (idleTimeoutDefault == -1 || idleTimeoutDefault > idleTimeoutMax)) {
      throw new IllegalStateException(
          "berth.pods.lifetime.idle-timeout-default must be within idle-timeout-max ("
              + idleTimeoutMax
              + " s)");
    }
  }

  /** Settings with every default. */
  public static LifetimeProperties defaults() {
    return new LifetimeProperties(null, null, null, null, null);
  }
}
