package io.berth.proxy;

import java.util.Locale;

/**
 * Tapis's URL forms: the {@code default} entry of a pod at {@code {pod_id}.{pods_domain}}, any
 * other entry {@code key} at {@code {pod_id}-{key}.{pods_domain}}; tcp and postgres entries at
 * {@code host:port} on the proxy host.
 */
public record UrlScheme(String podsDomain, String scheme, int port, String publicHost) {

  public static UrlScheme of(ProxyProperties p) {
    return new UrlScheme(p.podsDomain(), p.publicScheme(), p.publicPort(), p.publicHost());
  }

  public String host(String podId, String key) {
    return ("default".equals(key) ? podId : podId + "-" + key) + "." + podsDomain;
  }

  public String httpUrl(String podId, String key) {
    boolean defaultPort =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    return scheme + "://" + host(podId, key) + (defaultPort ? "" : ":" + port);
  }

  public String tcpAddress(int tcpPort) {
    return publicHost + ":" + tcpPort;
  }

  /** The route key of a Host header: lower case, without a port. */
  public static String normalizeHost(String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']') < colon) {
      host = host.substring(0, colon);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }
}
