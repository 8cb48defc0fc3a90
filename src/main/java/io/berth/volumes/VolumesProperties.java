package io.berth.volumes;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Site rules for volumes: the default and largest size_limit, in MB, and whether a volume gets a
 * filesystem of its own, which binds its size_limit for pods too (where Berth runs as root with
 * loop devices).
 */
@ConfigurationProperties("berth.volumes")
public record VolumesProperties(
    Integer defaultSizeLimit, Integer maxSizeLimit, Boolean filesystems) {
  public VolumesProperties {
    defaultSizeLimit = defaultSizeLimit == null ? 1024 : defaultSizeLimit;
    maxSizeLimit = maxSizeLimit == null ? 102400 : maxSizeLimit;
    filesystems = filesystems == null || filesystems;
  }
}
