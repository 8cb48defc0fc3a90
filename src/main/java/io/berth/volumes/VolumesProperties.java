package io.berth.volumes;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Site rules for volumes: the default and largest size_limit, in MB. Whether a volume gets a
 * filesystem of its own ({@code berth.volumes.filesystems}) is the local storage's setting.
 */
@ConfigurationProperties("berth.volumes")
public record VolumesProperties(Integer defaultSizeLimit, Integer maxSizeLimit) {
  public VolumesProperties {
    defaultSizeLimit = defaultSizeLimit == null ? 1024 : defaultSizeLimit;
    maxSizeLimit = maxSizeLimit == null ? 102400 : maxSizeLimit;
  }
}
