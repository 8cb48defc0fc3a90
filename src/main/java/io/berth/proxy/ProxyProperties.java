package io.berth.proxy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The built-in proxy: where it listens, the domain pods' host names live under (and the tenant
 * whose pods keep the short names), the ports given to tcp and postgres entries, timeouts, optional
 * TLS, the lifetime of the proxy's own sessions, and how Traefik reads the routes and asks Berth at
 * gated ones, and how long traffic waits for a pod it wakes.
 */
@ConfigurationProperties("berth.proxy")
public record ProxyProperties(
    Boolean enabled,
    Integer port,
    String bindAddress,
    String podsDomain,
    String publicHost,
    String publicScheme,
    Integer publicPort,
    String tcpPortRange,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration idleTimeout,
    Duration refreshInterval,
    String tlsCertificate,
    String tlsPrivateKey,
    String traefikToken,
    Integer eventLoops,
    String siteTenant,
    Duration sessionTtl,
    String forwardAuthUrl,
    Duration wakeTimeout) {

  public ProxyProperties {
    enabled = enabled == null || enabled;
    port = port == null ? 8081 : port;
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress;
    podsDomain = podsDomain == null || podsDomain.isBlank() ? "pods.localhost" : podsDomain;
    publicHost = publicHost == null || publicHost.isBlank() ? "localhost" : publicHost;
    boolean tls = tlsCertificate != null && !tlsCertificate.isBlank();
    publicScheme =
        publicScheme == null || publicScheme.isBlank() ? (tls ? "https" : "http") : publicScheme;
    publicPort = publicPort == null ? port : publicPort;
    tcpPortRange = tcpPortRange == null || tcpPortRange.isBlank() ? "30000-30999" : tcpPortRange;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    responseTimeout = responseTimeout == null ? Duration.ofSeconds(60) : responseTimeout;
    idleTimeout = idleTimeout == null ? Duration.ofMinutes(5) : idleTimeout;
    refreshInterval = refreshInterval == null ? Duration.ofMillis(500) : refreshInterval;
    // one per core by default; fewer leave cores to the pods when they share the machine
    eventLoops =
        eventLoops == null || eventLoops < 1
            ? Runtime.getRuntime().availableProcessors()
            : eventLoops;
    siteTenant = siteTenant == null || siteTenant.isBlank() ? null : siteTenant.strip();
    sessionTtl = sessionTtl == null ? Duration.ofMinutes(30) : sessionTtl;
    if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0
        || sessionTtl.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalStateException(
          "berth.proxy.session-ttl must be from 1 minute to 24 hours, not " + sessionTtl);
    }
    // how long a request or connection waits for the sleeping pod it woke (then 503 or closed)
    wakeTimeout = wakeTimeout == null ? Duration.ofSeconds(60) : wakeTimeout;
    if (wakeTimeout.isNegative() || wakeTimeout.isZero()) {
      throw new IllegalStateException(
          "berth.proxy.wake-timeout must be positive, not " + wakeTimeout);
    }
    forwardAuthUrl =
        forwardAuthUrl == null || forwardAuthUrl.isBlank()
            ? null
            : forwardAuthUrl.strip().replaceAll("/+$", "");
  }

  public boolean tls() {
    return tlsCertificate != null && !tlsCertificate.isBlank();
  }

  public int tcpPortFirst() {
    return Integer.parseInt(tcpPortRange.split("-")[0].trim());
  }

  public int tcpPortLast() {
    return Integer.parseInt(tcpPortRange.split("-")[1].trim());
  }
}
