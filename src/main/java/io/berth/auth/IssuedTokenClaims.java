package io.berth.auth;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Gives the tokens the OpenID provider issues the embedded issuer's shape: an access token is typed
 * {@code at+jwt} and carries the same Tapis claims, {@code berth/audience} and roles as one from
 * {@code POST /v3/oauth2/tokens}, so the API accepts it by the very same checks; the ID token names
 * the same subject. Only the embedded tenant's users get tokens here: a browser signed in through
 * another tenant's issuer is refused.
 */
final class IssuedTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {
  private final EmbeddedTenant tenant;

  IssuedTokenClaims(EmbeddedTenant tenant) {
    this.tenant = tenant;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    Caller caller = callerOf(context.getPrincipal());
    String subject = caller.user() + "@" + caller.tenant();
    context.getJwsHeader().algorithm(SignatureAlgorithm.RS256);
    if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      context.getJwsHeader().type(AccessTokens.AT_JWT.getType());
      context
          .getClaims()
          // the Tapis token service's name, as on every token of the embedded issuer
          .issuer(tenant.issuer())
          .subject(subject)
          .claim(EmbeddedTenant.AUDIENCE_CLAIM, tenant.audience())
          .claim("tapis/tenant_id", caller.tenant())
          .claim("tapis/username", caller.user())
          .claim("tapis/token_type", "access")
          .claim("tapis/account_type", "user")
          .claim("tapis/delegation", false)
          .claim("roles", List.copyOf(caller.roles()));
    } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
      context.getClaims().subject(subject).claim("preferred_username", caller.user());
    }
  }

  private Caller callerOf(Authentication principal) {
    if (principal != null
        && principal.getPrincipal() instanceof Caller caller
        && tenant.id().equals(caller.tenant())) {
      return caller;
    }
    throw new OAuth2AuthenticationException(
        new OAuth2Error(
            OAuth2ErrorCodes.ACCESS_DENIED,
            "This issuer signs tokens for users of tenant " + tenant.id() + " only.",
            null));
  }
}
