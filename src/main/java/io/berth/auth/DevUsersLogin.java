package io.berth.auth;

import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The login form of the embedded issuer's users: the same check and the same messages as {@code
 * POST /v3/oauth2/tokens}. The signed-in principal is the {@link Caller}.
 */
final class DevUsersLogin implements AuthenticationProvider {
  private final DevUsers users;
  private final AuthProperties auth;

  DevUsersLogin(DevUsers users, AuthProperties auth) {
    this.users = users;
    this.auth = auth;
  }

  @Override
  public Authentication authenticate(Authentication request) {
    if (!auth.embeddedIssuer()) {
      throw new BadCredentialsException(
          "This site issues no tokens itself; use its identity provider.");
    }
    String name = request.getName();
    Object password = request.getCredentials();
    if (name == null || name.isBlank() || password == null || password.toString().isEmpty()) {
      throw new BadCredentialsException("Fields username and password are required.");
    }
    Set<String> roles =
        users
            .authenticate(name, password.toString())
            .orElseThrow(
                () -> new BadCredentialsException("Invalid username/password combination."));
    return BrowserSession.authentication(
        new Caller(auth.tenant(), name, roles), FactorGrantedAuthority.PASSWORD_AUTHORITY);
  }

  @Override
  public boolean supports(Class<?> type) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
  }
}
