package io.berth.pods;

import io.berth.templates.Resources;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Site rules for pods: default and maximum resources (Tapis's defaults) and the default lifetime.
 */
@ConfigurationProperties("berth.pods")
public record PodsProperties(
    Integer defaultTimeToStop, Resources defaultResources, Resources maxResources) {

  public PodsProperties {
    defaultTimeToStop = defaultTimeToStop == null ? 43200 : defaultTimeToStop;
    defaultResources =
        (defaultResources == null ? new Resources(null, null, null, null, null) : defaultResources)
            .withDefaultsFrom(new Resources(250, 2000, 256, 3072, 0));
    maxResources =
        (maxResources == null ? new Resources(null, null, null, null, null) : maxResources)
            .withDefaultsFrom(new Resources(6000, 6000, 12288, 12288, 0));
  }
}
