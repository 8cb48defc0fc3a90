package io.berth.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * After an OIDC sign-in: the access token the issuer gave Berth's client must pass exactly the
 * checks an API call with it would (issuer, signature, audience, tenant, user name), and the caller
 * it names becomes the session's principal. A token the API would refuse ends the sign-in with the
 * API's reason on the login page.
 */
final class OidcSignIn implements AuthenticationSuccessHandler {
  private final TokenValidator tokens;
  private final OAuth2AuthorizedClientRepository authorizedClients;
  private final SecurityContextRepository contexts;
  private final AuthenticationSuccessHandler next;

  OidcSignIn(
      TokenValidator tokens,
      OAuth2AuthorizedClientRepository authorizedClients,
      SecurityContextRepository contexts,
      AuthenticationSuccessHandler next) {
    this.tokens = tokens;
    this.authorizedClients = authorizedClients;
    this.contexts = contexts;
    this.next = next;
  }

  static AuthenticationSuccessHandler toSavedRequest() {
    SavedRequestAwareAuthenticationSuccessHandler handler =
        new SavedRequestAwareAuthenticationSuccessHandler();
    handler.setDefaultTargetUrl("/ui");
    return handler;
  }

  @Override
  public void onAuthenticationSuccess(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws IOException, ServletException {
    OAuth2AuthenticationToken oidc = (OAuth2AuthenticationToken) authentication;
    OAuth2AuthorizedClient client =
        authorizedClients.loadAuthorizedClient(
            oidc.getAuthorizedClientRegistrationId(), authentication, request);
    Caller caller;
    try {
      if (client == null) {
        throw new TokenValidator.InvalidTokenException("The issuer gave no access token.");
      }
      caller = tokens.validate(client.getAccessToken().getTokenValue());
    } catch (TokenValidator.InvalidTokenException e) {
      SecurityContextHolder.clearContext();
      authorizedClients.removeAuthorizedClient(
          oidc.getAuthorizedClientRegistrationId(), authentication, request, response);
      request.getSession().setAttribute(LoginController.SIGN_IN_ERROR, e.getMessage());
      response.sendRedirect(request.getContextPath() + "/login?error");
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        BrowserSession.authentication(caller, FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    next.onAuthenticationSuccess(request, response, context.getAuthentication());
  }
}
