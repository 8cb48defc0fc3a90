package io.berth.ops.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code /metrics}: the bearer token Prometheus sends ({@code BERTH_METRICS_TOKEN}; when none is
 * given, one is generated once into {@code BERTH_HOME/keys/metrics.token}), and whether this
 * process exports the disk of BERTH_HOME ({@code BERTH_METRICS_HOME_DISK}; by default only a
 * process that keeps state there: the reconciler or jobs role, or the embedded database).
 */
@ConfigurationProperties("berth.metrics")
public record MetricsProperties(String token, Boolean homeDisk) {

  public MetricsProperties {
    token = token == null || token.isBlank() ? null : token.strip();
  }
}
