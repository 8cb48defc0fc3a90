package io.berth.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The signed-in browser's {@link Caller}, kept as the principal of its session and handed to the
 * browser paths' controllers as the auth filter hands a token's caller to the API's. Runs only in
 * the browser's filter chain.
 */
final class BrowserSession extends OncePerRequestFilter {

  /**
   * The session's authentication: the caller's roles, and the factor it signed in with (a {@link
   * FactorGrantedAuthority} dated now, which the OpenID provider reads as the ID token's {@code
   * auth_time}).
   */
  static Authentication authentication(Caller caller, String factor) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    caller.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r)));
    authorities.add(FactorGrantedAuthority.fromAuthority(factor));
    return UsernamePasswordAuthenticationToken.authenticated(caller, null, authorities);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof Caller caller) {
      request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
    }
    chain.doFilter(request, response);
  }
}
