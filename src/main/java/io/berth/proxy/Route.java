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

  /**
   * A route built by name, for what the canonical constructor's seventeen positions hide: the
   * entry's address and status, everything else at its default (open to every user and address, not
   * gated, created at the epoch, no wake) unless set.
   */
  public static Builder builder(String host, String tenant, String podId, String key) {
    return new Builder(host, tenant, podId, key);
  }

  /** A builder starting from this route's values. */
  public Builder toBuilder() {
    return builder(host, tenant, podId, key)
        .protocol(protocol)
        .status(status)
        .target(target)
        .gated(gated)
        .allowedUsers(allowedUsers)
        .tcpPort(tcpPort)
        .authHeaders(authHeaders)
        .created(created)
        .reason(reason)
        .clients(clients)
        .returnPath(returnPath)
        .cors(cors)
        .wakeRule(wakeRule);
  }

  /** Named setters over the canonical constructor; {@link #build()} applies its defaults. */
  public static final class Builder {
    private final String host;
    private final String tenant;
    private final String podId;
    private final String key;
    private String protocol = "http";
    private String status = "AVAILABLE";
    private String target;
    private boolean gated;
    private List<String> allowedUsers = List.of("*");
    private Integer tcpPort;
    private Map<String, String> authHeaders;
    private Instant created;
    private String reason;
    private IpAllowList clients;
    private String returnPath;
    private CorsPolicy cors;
    private Wake.Rule wakeRule;

    private Builder(String host, String tenant, String podId, String key) {
      this.host = host;
      this.tenant = tenant;
      this.podId = podId;
      this.key = key;
    }

    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    public Builder status(String status) {
      this.status = status;
      return this;
    }

    public Builder target(String target) {
      this.target = target;
      return this;
    }

    public Builder gated(boolean gated) {
      this.gated = gated;
      return this;
    }

    public Builder allowedUsers(List<String> allowedUsers) {
      this.allowedUsers = allowedUsers;
      return this;
    }

    public Builder tcpPort(Integer tcpPort) {
      this.tcpPort = tcpPort;
      return this;
    }

    public Builder authHeaders(Map<String, String> authHeaders) {
      this.authHeaders = authHeaders;
      return this;
    }

    public Builder created(Instant created) {
      this.created = created;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder clients(IpAllowList clients) {
      this.clients = clients;
      return this;
    }

    public Builder returnPath(String returnPath) {
      this.returnPath = returnPath;
      return this;
    }

    public Builder cors(CorsPolicy cors) {
      this.cors = cors;
      return this;
    }

    public Builder wakeRule(Wake.Rule wakeRule) {
      this.wakeRule = wakeRule;
      return this;
    }

    public Route build() {
      return new Route(
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
          wakeRule);
    }
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
