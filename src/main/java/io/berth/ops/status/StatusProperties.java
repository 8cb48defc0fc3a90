package io.berth.ops.status;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The status engine: whether it runs, the YAML file of checks (Berth's own services are checked
 * when there is none), whether {@code /status} is public, and how long results are kept.
 */
@ConfigurationProperties("berth.status")
public record StatusProperties(
    Boolean enabled, String config, Boolean publicPage, Duration retention) {

  public StatusProperties {
    enabled = enabled == null || enabled;
    config = config == null || config.isBlank() ? null : config;
    publicPage = publicPage == null || publicPage;
    retention = retention == null ? Duration.ofDays(30) : retention;
  }
}
