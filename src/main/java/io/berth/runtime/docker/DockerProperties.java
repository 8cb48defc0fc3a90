package io.berth.runtime.docker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Docker Engine API adapter's settings. {@code engineHost} is a unix:// or tcp:// address;
 * empty means discover (DOCKER_HOST, the usual sockets, or a Podman service Berth starts itself).
 */
@ConfigurationProperties("berth.runtime")
public record DockerProperties(
    String kind,
    String engineHost,
    String apiVersion,
    Duration stopTimeout,
    Boolean startPodman,
    Boolean init) {

  public DockerProperties {
    kind = kind == null || kind.isBlank() ? "docker" : kind;
    apiVersion = apiVersion == null || apiVersion.isBlank() ? "1.41" : apiVersion;
    stopTimeout = stopTimeout == null ? Duration.ofSeconds(10) : stopTimeout;
    startPodman = startPodman == null || startPodman;
    init = init == null || init;
  }
}
