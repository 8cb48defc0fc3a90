package io.berth.runtime.docker;

import java.time.Duration;
import java.util.List;
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
    DataSize writableLayerLimit,
    Network network,
    UserNamespaces userNamespaces,
    Integer storageGroup) {

  public DockerProperties {
    kind = kind == null || kind.isBlank() ? "docker" : kind;
    apiVersion = apiVersion == null || apiVersion.isBlank() ? "1.41" : apiVersion;
    stopTimeout = stopTimeout == null ? Duration.ofSeconds(10) : stopTimeout;
    startPodman = startPodman == null || startPodman;
    init = init == null || init;
    writableLayerLimit = writableLayerLimit == null ? DataSize.ofGigabytes(10) : writableLayerLimit;
    network = network == null ? new Network(null, null) : network;
    userNamespaces = userNamespaces == null ? new UserNamespaces(null) : userNamespaces;
    storageGroup = storageGroup == null ? 100 : storageGroup;
  }

  /**
   * How pods' networks are fenced off from the host. {@code firewall}: {@code auto} (the host
   * firewall rules are kept when Berth runs as root and iptables is there, else a warning), {@code
   * required} (a pod is not started without them) or {@code off} (the operator keeps equivalent
   * rules). {@code hostPorts}: TCP ports or ranges ("8081", "30000-30999") of the host that pods
   * may reach; empty means the proxy's port and TCP range.
   */
  public record Network(String firewall, List<String> hostPorts) {
    public Network {
      firewall = firewall == null || firewall.isBlank() ? "auto" : firewall.strip();
      if (!List.of("auto", "required", "off").contains(firewall)) {
        throw new IllegalArgumentException(
            "berth.runtime.network.firewall must be auto, required or off, not " + firewall);
      }
      hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
    }
  }

  /**
   * Where tenants' user-id ranges start on the host (Podman): tenant slot n maps container ids
   * 0-65535 to {@code hostIdBase + n * 65536} onwards.
   */
  public record UserNamespaces(Long hostIdBase) {
    public UserNamespaces {
      hostIdBase = hostIdBase == null ? IdMapping.DEFAULT_HOST_ID_BASE : hostIdBase;
    }
  }
}
