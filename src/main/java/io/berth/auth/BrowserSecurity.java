package io.berth.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Two filter chains. The browser's ({@link BrowserPaths}): a session in the HTTP-only, SameSite
 * {@code berth_ui} cookie, CSRF tokens on every state-changing form, the embedded issuer's login
 * form and OIDC sign-in (authorization code with PKCE) for tenants with a browser client, and
 * sign-out. Everything else is the token API's, unchanged: no session, no CSRF (no cookie is read
 * there), the {@link AuthFilter} decides.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class BrowserSecurity {

  @Bean
  OidcClients oidcClients(AuthProperties auth, BrowserProperties browser) {
    return new OidcClients(auth, browser);
  }

  @Bean
  OAuth2AuthorizedClientRepository browserAuthorizedClients() {
    return new HttpSessionOAuth2AuthorizedClientRepository();
  }

  @Bean
  @Order(1)
  SecurityFilterChain browserChain(
      HttpSecurity http,
      DevUsers users,
      AuthProperties auth,
      TokenValidator tokens,
      OidcClients clients,
      OAuth2AuthorizedClientRepository authorizedClients)
      throws Exception {
    HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    SimpleUrlAuthenticationFailureHandler failed =
        new SimpleUrlAuthenticationFailureHandler("/login?error");
    http.securityMatcher(BrowserPaths.PATTERNS)
        .authenticationProvider(new DevUsersLogin(users, auth))
        .securityContext(c -> c.securityContextRepository(contexts))
        .requestCache(c -> c.requestCache(pageAskedFor()))
        .authorizeHttpRequests(a ->
            a.requestMatchers("/login", "/ui/assets/**", "/oauth2/**", "/login/oauth2/**")
                .permitAll()
                .anyRequest()
                .authenticated())
        .formLogin(f ->
            f.loginPage("/login")
                .successHandler(OidcSignIn.toSavedRequest())
                .failureHandler(failed))
        .logout(l ->
            l.logoutUrl("/logout")
                .logoutSuccessUrl("/login?signed-out")
                .deleteCookies(LoginController.SESSION_COOKIE))
        .addFilterAfter(new BrowserSession(), SecurityContextHolderFilter.class);
    if (!clients.tenantIds().isEmpty()) {
      DefaultOAuth2AuthorizationRequestResolver pkce =
          new DefaultOAuth2AuthorizationRequestResolver(clients, "/oauth2/authorization");
      pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
      http.oauth2Login(o ->
          o.loginPage("/login")
              .clientRegistrationRepository(clients)
              .authorizedClientRepository(authorizedClients)
              .authorizationEndpoint(e -> e.authorizationRequestResolver(pkce))
              .successHandler(
                  new OidcSignIn(tokens, authorizedClients, contexts, OidcSignIn.toSavedRequest()))
              .failureHandler(failed));
    }
    return http.build();
  }

  /**
   * Spring Security's firewall would answer some hostile request lines itself (a bare 400 without
   * the envelope), before the API's own checks that name the rule; Tomcat and those checks already
   * refuse them (encoded slashes, NUL, bad encodings), so the firewall leaves the API's input
   * alone.
   */
  @Bean
  WebSecurityCustomizer apiKeepsItsInputRules() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setUnsafeAllowAnyHttpMethod(true);
    firewall.setAllowSemicolon(true);
    firewall.setAllowUrlEncodedPercent(true);
    firewall.setAllowUrlEncodedSlash(true);
    firewall.setAllowUrlEncodedPeriod(true);
    firewall.setAllowBackSlash(true);
    return web -> web.httpFirewall(firewall);
  }

  /** Remembers the page a browser asked for before sign-in, and returns to it as it was. */
  static HttpSessionRequestCache pageAskedFor() {
    HttpSessionRequestCache cache = new HttpSessionRequestCache();
    cache.setMatchingRequestParameterName(null); // no "?continue" added to the page's address
    return cache;
  }

  /** The token API: stateless, its own {@link AuthFilter} checks every call. */
  @Bean
  @Order(2)
  SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
    return http.csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .headers(h -> h.disable())
        .logout(l -> l.disable())
        .anonymous(a -> a.disable())
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .build();
  }
}
