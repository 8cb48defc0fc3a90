package io.berth.runtime.docker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The Docker Engine API adapter's settings. {@code engineHost} is a unix:// or tcp:// address;
 * empty means discover (DOCKER_HOST, the usual sockets, or a Podman service Berth starts itself).
 * {@code writableLayerLimit} bounds what a pod writes outside its volumes, where the engine's
 * storage driver can (0 turns it off).
 */
@ConfigurationProperties("berth.runtime")
public record DockerProperties(
    String kind,
    String engineHost,
    String apiVersion,
    Duration stopTimeout,
    Boolean startPodman,
    Boolean init,
    DataSize writableLayerLimit) {

  public DockerProperties {
    kind = kind == null || kind.isBlank() ? "docker" : kind;
    apiVersion = apiVersion == null || apiVersion.isBlank() ? "1.41" : apiVersion;
    stopTimeout = stopTimeout == null ? Duration.ofSeconds(10) : stopTimeout;
    startPodman = startPodman == null || startPodman;
    init = init == null || init;
    writableLayerLimit = writableLayerLimit == null ? DataSize.ofGigabytes(10) : writableLayerLimit;
  }
}
