package io.berth.proxy;

import io.berth.templates.IpAllowList;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where one networking entry of a pod is reached: by Host name (http) or by a port of the proxy
 * host (tcp, postgres). {@code target} is the container's published address, set only while the pod
 * is AVAILABLE. {@code authHeaders} are the entry's tapis_auth_response_headers, what a gated pod
 * is told about the caller; {@code created} orders routes when two claim one address (the older
 * keeps it). {@code reason} is why a pod in ERROR failed, as its container record says; {@code
 * clients} its ip_allow_list and {@code cors} its cors_* fields, both applied by the proxy. {@code
 * wakeRule} says whether traffic wakes the pod while it is down ({@link Wake}).
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
    Integer tcpPort,
    Map<String, String> authHeaders,
    Instant created,
    String reason,
    IpAllowList clients,
    String returnPath,
    CorsPolicy cors,
    Wake.Rule wakeRule) {

  public Route {
    wakeRule = wakeRule == null ? Wake.Rule.NONE : wakeRule;
    authHeaders = authHeaders == null ? Map.of() : Map.copyOf(authHeaders);
    created = created == null ? Instant.EPOCH : created;
    clients = clients == null ? IpAllowList.of(List.of()) : clients;
    returnPath = returnPath == null ? "/" : returnPath;
    cors = cors == null ? CorsPolicy.OFF : cors;
  }

  /** A route of a pod that neither sleeps nor wakes. */
  public Route(
      String host,
      String tenant,
      String podId,
      String key,
      String protocol,
      String status,
      String target,
      boolean gated,
      List<String> allowedUsers,
      Integer tcpPort,
      Map<String, String> authHeaders,
      Instant created,
      String reason,
      IpAllowList clients,
      String returnPath,
      CorsPolicy cors) {
    this(
        host,
        tenant,
        podId,
        key,
        protocol,
        status,
        target,
        gated,
        allowedUsers,
        tcpPort,
        authHeaders,
        created,
        reason,
        clients,
        returnPath,
        cors,
        null);
  }

  /** A route open to every client address, returning browsers to / after sign-in. */
  public Route(
      String host,
      String tenant,
      String podId,
      String key,
      String protocol,
      String status,
      String target,
      boolean gated,
      List<String> allowedUsers,
      Integer tcpPort,
      Map<String, String> authHeaders,
      Instant created,
      String reason) {
    this(
        host,
        tenant,
        podId,
        key,
        protocol,
        status,
        target,
        gated,
        allowedUsers,
        tcpPort,
        authHeaders,
        created,
        reason,
        null,
        null,
        null);
  }

  /** A route without a failure reason (the pod is not in ERROR, or said nothing). */
  public Route(
      String host,
      String tenant,
      String podId,
      String key,
      String protocol,
      String status,
      String target,
      boolean gated,
      List<String> allowedUsers,
      Integer tcpPort,
      Map<String, String> authHeaders,
      Instant created) {
    this(
        host,
        tenant,
        podId,
        key,
        protocol,
        status,
        target,
        gated,
        allowedUsers,
        tcpPort,
        authHeaders,
        created,
        null);
  }

  public boolean available() {
    return "AVAILABLE".equals(status) && target != null;
  }

  /**
   * Whether a client at {@code remote} may use this route (its ip_allow_list); an address that is
   * not an IP socket's (none in practice) only when the list is empty.
   */
  public boolean admits(SocketAddress remote) {
    if (clients.allowsEveryone()) {
      return true;
    }
    return remote instanceof InetSocketAddress inet
        && inet.getAddress() instanceof InetAddress address
        && clients.allows(address);
  }

  public boolean http() {
    return "http".equals(protocol);
  }
}
