package io.berth.proxy;

import java.util.List;

/**
 * Where one networking entry of a pod is reached: by Host name (http) or by a port of the proxy
 * host (tcp, postgres). {@code target} is the container's published address, set only while the pod
 * is AVAILABLE.
 */
public record Route(
    String host,
    String tenant,
    String podId,
    String key,
    String protocol,
    String status,
    String target,
    boolean gated,
    List<String> allowedUsers,
    Integer tcpPort) {

  public boolean available() {
    return "AVAILABLE".equals(status) && target != null;
  }

  public boolean http() {
    return "http".equals(protocol);
  }
}
