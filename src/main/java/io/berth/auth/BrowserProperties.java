package io.berth.auth;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Browser sign-in for tenants whose users come from an external issuer: per tenant id (one of
 * {@code berth.auth.tenants}), the OAuth2 client Berth signs in as (authorization code with PKCE).
 * The issuer and its discovery document are the tenant's own {@code issuer}.
 */
@ConfigurationProperties("berth.browser")
public record BrowserProperties(Map<String, OidcClient> clients) {
  public BrowserProperties {
    clients = clients == null ? Map.of() : Map.copyOf(clients);
  }

  /** A confidential client of the tenant's issuer; {@code scopes} default to openid and profile. */
  public record OidcClient(String clientId, String clientSecret, List<String> scopes) {
    public OidcClient {
      scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile") : scopes;
    }
  }
}
