package io.berth.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * The OAuth2 clients browsers sign in through, one per external tenant that has one configured
 * ({@code berth.browser.clients.<tenant-id>}), registered under the tenant id. Each issuer's
 * discovery document is read on first use and kept, so Berth starts while an issuer is down; a
 * client for a tenant Berth does not trust, or without id and secret, stops the start.
 */
final class OidcClients implements ClientRegistrationRepository {
  private static final Logger log = LoggerFactory.getLogger(OidcClients.class);

  private final Map<String, AuthProperties.ExternalTenant> tenants = new LinkedHashMap<>();
  private final Map<String, BrowserProperties.OidcClient> clients;
  private final Map<String, ClientRegistration> resolved = new ConcurrentHashMap<>();

  OidcClients(AuthProperties auth, BrowserProperties browser) {
    this.clients = browser.clients();
    clients.forEach((tenantId, client) -> {
      AuthProperties.ExternalTenant tenant =
          auth.tenants().stream()
              .filter(t -> tenantId.equals(t.tenantId()))
              .findFirst()
              .orElseThrow(() ->
                  new IllegalStateException(
                      "berth.browser.clients."
                          + tenantId
                          + ": no tenant of berth.auth.tenants has that tenant-id"));
      if (client.clientId() == null || client.clientId().isBlank()) {
        throw new IllegalStateException("berth.browser.clients." + tenantId + " needs a client-id");
      }
      if (client.clientSecret() == null || client.clientSecret().isBlank()) {
        throw new IllegalStateException(
            "berth.browser.clients." + tenantId + " needs a client-secret");
      }
      tenants.put(tenantId, tenant);
    });
  }

  /** The tenants whose users sign in through their own issuer, in configuration order. */
  List<String> tenantIds() {
    return List.copyOf(tenants.keySet());
  }

  @Override
  public ClientRegistration findByRegistrationId(String registrationId) {
    AuthProperties.ExternalTenant tenant = tenants.get(registrationId);
    if (tenant == null) {
      return null;
    }
    return resolved.computeIfAbsent(registrationId, id -> discover(tenant, clients.get(id)));
  }

  private static ClientRegistration discover(
      AuthProperties.ExternalTenant tenant, BrowserProperties.OidcClient client) {
    try {
      return ClientRegistrations.fromIssuerLocation(tenant.issuer())
          .registrationId(tenant.tenantId())
          .clientName(tenant.tenantId())
          .clientId(client.clientId())
          .clientSecret(client.clientSecret())
          .scope(client.scopes())
          .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
          .build();
    } catch (RuntimeException e) {
      // the sign-in answers "invalid client registration"; the next attempt asks again
      log.warn(
          "Cannot read the OIDC discovery document of {}: {}", tenant.issuer(), e.getMessage());
      return null;
    }
  }
}
