package io.berth.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded issuer as an OpenID provider (Spring Authorization Server): discovery, authorize
 * (authorization code with PKCE), token, JWKS and userinfo, for the clients of {@link
 * ProviderProperties}. Its issuer is Berth's base URL (discovery at {@code
 * /.well-known/openid-configuration}); it signs with the site key, and its access tokens are the
 * embedded issuer's own, {@code iss} {@code BASE/v3/tokens} included (see {@link
 * IssuedTokenClaims}). Users sign in on Berth's login page; the browser's session is what the
 * authorize endpoint reads. Codes and the tokens issued for them are kept in the database, hashed
 * ({@link DatabaseAuthorizations}): any API process on it redeems a code, once.
 */
@Configuration(proxyBeanMethods = false)
// Boot's authorization-server auto-configuration (the JwtDecoder the OIDC endpoints need) is
// servlet-only: so is the provider, and a context without a web server has neither
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(
    name = "berth.auth.embedded-issuer",
    havingValue = "true",
    matchIfMissing = true)
class EmbeddedOpenIdProvider {
  @Bean
  AuthorizationServerSettings authorizationServerSettings(EmbeddedTenant tenant) {
    return AuthorizationServerSettings.builder()
        // Berth's base URL: the provider's endpoints hang below it, as discovery requires
        .issuer(tenant.baseUrl())
        // under /oauth2 with the other endpoints, so no path of the API or the interface is taken
        .oidcUserInfoEndpoint("/oauth2/userinfo")
        .oidcLogoutEndpoint("/oauth2/logout")
        .oidcClientRegistrationEndpoint("/oauth2/connect/register")
        .build();
  }

  @Bean
  JWKSource<SecurityContext> providerKeys(SiteKeys keys) {
    return new ImmutableJWKSet<>(new JWKSet(keys.signingKey()));
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> issuedTokenClaims(EmbeddedTenant tenant) {
    return new IssuedTokenClaims(tenant);
  }

  /** Codes live a minute: a client redeems its code at once, on its way back from the browser. */
  static final Duration CODE_TTL = Duration.ofMinutes(1);

  @Bean
  OAuth2AuthorizationService providerAuthorizations(
      JdbcClient jdbc, RegisteredClientRepository clients, JsonMapper json, Clock clock) {
    return new DatabaseAuthorizations(jdbc, clients, json, clock);
  }

  @Bean
  RegisteredClientRepository providerClients(ProviderProperties provider, AuthProperties auth) {
    List<RegisteredClient> clients =
        provider.clients().entrySet().stream().map(e -> client(e, auth)).toList();
    return clients.isEmpty() ? new NoClients() : new InMemoryRegisteredClientRepository(clients);
  }

  private static RegisteredClient client(
      Map.Entry<String, ProviderProperties.Client> entry, AuthProperties auth) {
    ProviderProperties.Client c = entry.getValue();
    boolean confidential = c.secret() != null && !c.secret().isBlank();
    RegisteredClient.Builder client =
        RegisteredClient.withId(entry.getKey())
            .clientId(entry.getKey())
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .clientSettings(
                ClientSettings.builder()
                    .requireProofKey(true)
                    .requireAuthorizationConsent(false)
                    .build())
            .tokenSettings(
                TokenSettings.builder()
                    .accessTokenTimeToLive(auth.tokenTtl())
                    .authorizationCodeTimeToLive(CODE_TTL)
                    .build());
    if (confidential) {
      client
          .clientSecret("{noop}" + c.secret())
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    } else {
      client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
    }
    c.redirectUris().forEach(client::redirectUri);
    c.scopes().forEach(client::scope);
    return client.build();
  }

  /**
   * Before the browser's chain: the provider's endpoints only. A browser that is not signed in is
   * sent to Berth's login page and comes back to the authorize request it made.
   */
  @Bean
  @Order(0)
  SecurityFilterChain providerChain(HttpSecurity http) throws Exception {
    http.oauth2AuthorizationServer(
            as -> {
              http.securityMatcher(as.getEndpointsMatcher());
              as.oidc(Customizer.withDefaults());
            })
        .requestCache(c -> c.requestCache(BrowserSecurity.pageAskedFor()))
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .exceptionHandling(e ->
            e.defaultAuthenticationEntryPointFor(
                new LoginUrlAuthenticationEntryPoint("/login"),
                new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
    return http.build();
  }

  /** No client is configured: the provider answers, but knows no client. */
  private static final class NoClients implements RegisteredClientRepository {
    @Override
    public void save(RegisteredClient registeredClient) {
      throw new UnsupportedOperationException("clients are configured, not registered");
    }

    @Override
    public RegisteredClient findById(String id) {
      return null;
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
      return null;
    }
  }
}
