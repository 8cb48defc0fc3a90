package io.berth.auth;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The OIDC clients that may sign Berth's own users in through the embedded issuer, per client id
 * ({@code berth.auth.provider.clients.<client-id>}). A client without a secret is public; every
 * client must send PKCE (S256).
 */
@ConfigurationProperties("berth.auth.provider")
public record ProviderProperties(Map<String, Client> clients) {
  public ProviderProperties {
    clients = clients == null ? Map.of() : Map.copyOf(clients);
  }

  /** Redirect URIs are matched exactly; scopes default to openid and profile. */
  public record Client(String secret, List<String> redirectUris, List<String> scopes) {
    public Client {
      redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
      scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile") : scopes;
    }
  }
}
