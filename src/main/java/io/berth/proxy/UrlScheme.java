package io.berth.proxy;

import io.berth.auth.AuthProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where pods are reached, per tenant as Tapis does it. The site's own tenant keeps the short forms:
 * the {@code default} entry of a pod at {@code {pod_id}.{pods_domain}}, any other entry {@code key}
 * at {@code {pod_id}-{key}.{pods_domain}}. Every other tenant's pods have the tenant as a label of
 * their own: {@code {pod_id}[-{key}].{tenant}.{pods_domain}}. Host names therefore never meet
 * across tenants (one label before the domain for the site's tenant, two for others, and no two
 * tenants share a label: checked at start). tcp and postgres entries get a port of the proxy host,
 * written {@code host:port}, and Traefik's HostSNI routers use the same host names.
 */
public record UrlScheme(
    String podsDomain,
    String scheme,
    int port,
    String publicHost,
    String siteTenant,
    Map<String, String> tenantsByLabel) {

  /** A DNS label (RFC 1123): what a tenant id must be, lower-cased, to name its pods' hosts. */
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

  public UrlScheme {
    tenantsByLabel = Map.copyOf(tenantsByLabel);
  }

  /**
   * The scheme of this site; refuses (at start) a tenant whose id cannot be a host label, or two
   * tenants whose ids differ only in case.
   */
  public static UrlScheme of(ProxyProperties p, AuthProperties auth) {
    List<String> tenants = new ArrayList<>();
    tenants.add(auth.tenant());
    auth.tenants().forEach(t -> tenants.add(t.tenantId()));
    return of(p, auth.tenant(), tenants);
  }

  /**
   * @param embeddedTenant the site's tenant unless {@code berth.proxy.site-tenant} names another
   * @param tenants every tenant the site serves
   */
  static UrlScheme of(ProxyProperties p, String embeddedTenant, List<String> tenants) {
    String site = p.siteTenant() != null ? p.siteTenant() : embeddedTenant;
    Map<String, String> byLabel = new LinkedHashMap<>();
    for (String tenant : tenants) {
      if (tenant == null || tenant.equals(site)) {
        continue;
      }
      String label = tenantLabel(tenant);
      if (!DNS_LABEL.matcher(label).matches()) {
        throw new IllegalStateException(
            "tenant id '"
                + tenant
                + "' cannot be part of its pods' host names ({pod_id}."
                + label
                + "."
                + p.podsDomain()
                + "): tenant ids other than the site's tenant ("
                + site
                + ", berth.proxy.site-tenant) must be DNS labels, letters, digits and '-'");
      }
      String other = byLabel.putIfAbsent(label, tenant);
      if (other != null && !other.equals(tenant)) {
        throw new IllegalStateException(
            "tenants '"
                + other
                + "' and '"
                + tenant
                + "' would share the host names *."
                + label
                + "."
                + p.podsDomain()
                + ": tenant ids must differ in more than case");
      }
    }
    return new UrlScheme(
        p.podsDomain().toLowerCase(Locale.ROOT),
        p.publicScheme(),
        p.publicPort(),
        p.publicHost(),
        site,
        byLabel);
  }

  static String tenantLabel(String tenant) {
    return tenant.toLowerCase(Locale.ROOT);
  }

  /** The first label of an entry's host: {@code {pod_id}} or {@code {pod_id}-{key}}. */
  public static String label(String podId, String key) {
    return "default".equals(key) ? podId : podId + "-" + key;
  }

  public String host(String tenant, String podId, String key) {
    String tenantPart = tenant.equals(siteTenant) ? "" : "." + tenantLabel(tenant);
    return label(podId, key) + tenantPart + "." + podsDomain;
  }

  public String httpUrl(String tenant, String podId, String key) {
    boolean defaultPort =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    return scheme + "://" + host(tenant, podId, key) + (defaultPort ? "" : ":" + port);
  }

  public String tcpAddress(int tcpPort) {
    return publicHost + ":" + tcpPort;
  }

  /** A host name read back: the tenant it belongs to and its first label. */
  public record Parsed(String tenant, String label) {}

  /** The tenant and first label of a (normalized) host of this scheme, if it is one. */
  public Optional<Parsed> parse(String host) {
    String suffix = "." + podsDomain;
    if (!host.endsWith(suffix)) {
      return Optional.empty();
    }
    String[] labels = host.substring(0, host.length() - suffix.length()).split("\\.", -1);
    if (labels[0].length() > 63) {
      return Optional.empty(); // no DNS label is longer, and each '-' in it would cost a read
    }
    if (labels.length == 1 && !labels[0].isEmpty()) {
      return Optional.of(new Parsed(siteTenant, labels[0]));
    }
    if (labels.length == 2 && !labels[0].isEmpty() && tenantsByLabel.containsKey(labels[1])) {
      return Optional.of(new Parsed(tenantsByLabel.get(labels[1]), labels[0]));
    }
    return Optional.empty();
  }

  /**
   * The pod ids whose entries could have this first label: the label itself (the default entry) and
   * every part before a '-' (today's pod ids have none, but pods kept from older rules may).
   */
  public static List<String> podIdsFor(String label) {
    List<String> ids = new ArrayList<>();
    ids.add(label);
    for (int i = label.indexOf('-'); i > 0; i = label.indexOf('-', i + 1)) {
      ids.add(label.substring(0, i));
    }
    return ids;
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
