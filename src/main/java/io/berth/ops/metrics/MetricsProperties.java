package io.berth.ops.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code /metrics}: the bearer token Prometheus sends, given as {@code BERTH_METRICS_TOKEN} or read
 * from {@code BERTH_METRICS_TOKEN_FILE} (default {@code BERTH_HOME/keys/metrics.token}, generated
 * there once when missing); and whether this process exports the disk of BERTH_HOME ({@code
 * BERTH_METRICS_HOME_DISK}; by default only a process that keeps state there: the reconciler or
 * jobs role, or the embedded database).
 */
@ConfigurationProperties("berth.metrics")
public record MetricsProperties(String token, String tokenFile, Boolean homeDisk) {

  public MetricsProperties {
    token = token == null || token.isBlank() ? null : token.strip();
    tokenFile = tokenFile == null || tokenFile.isBlank() ? null : tokenFile.strip();
  }
}
