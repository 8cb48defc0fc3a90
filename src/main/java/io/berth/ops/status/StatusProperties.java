package io.berth.ops.status;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The status engine: whether it runs, the YAML file of checks (Berth's own services are checked
 * when there is none), whether {@code /status} is public, whether the page shows what each check
 * reaches (off by default: internal addresses are not for the public), and how long results are
 * kept.
 */
@ConfigurationProperties("berth.status")
public record StatusProperties(
    Boolean enabled, String config, Boolean publicPage, Boolean showTargets, Duration retention) {

  public StatusProperties {
    enabled = enabled == null || enabled;
    config = config == null || config.isBlank() ? null : config;
    publicPage = publicPage == null || publicPage;
    showTargets = showTargets != null && showTargets;
    retention = retention == null ? Duration.ofDays(30) : retention;
  }
}
