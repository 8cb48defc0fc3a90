package io.berth.volumes;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Site rules for volumes: the default and largest size_limit, in MB. */
@ConfigurationProperties("berth.volumes")
public record VolumesProperties(Integer defaultSizeLimit, Integer maxSizeLimit) {
  public VolumesProperties {
    defaultSizeLimit = defaultSizeLimit == null ? 1024 : defaultSizeLimit;
    maxSizeLimit = maxSizeLimit == null ? 102400 : maxSizeLimit;
  }
}
