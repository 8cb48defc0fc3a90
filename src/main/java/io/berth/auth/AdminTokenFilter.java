package io.berth.auth;

import io.berth.web.Envelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admits {@code bin/berth} to {@code /v3/admin/**} with the {@link AdminCliToken} in {@code
 * X-Berth-Admin-Token}: the request gets a site-admin {@link Caller}. Runs before the auth filter
 * and marks it as done for this request, since that filter asks every request for a user token. A
 * wrong token is refused here; requests without the header go through the auth filter as usual.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class AdminTokenFilter extends OncePerRequestFilter {
  static final String PATH_PREFIX = "/v3/admin/";
  static final Caller CLI_CALLER = new Caller("site", "berth-admin-cli", Set.of(Caller.ADMIN_ROLE));
  // OncePerRequestFilter skips a filter whose "<bean name>.FILTERED" attribute is set. To go when
  // the auth filter itself honours a Caller that an earlier filter has set.
  static final String AUTH_FILTER_DONE = "authFilter" + ALREADY_FILTERED_SUFFIX;

  private final AdminCliToken token;
  private final JsonMapper json;

  AdminTokenFilter(AdminCliToken token, JsonMapper json) {
    this.token = token;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(PATH_PREFIX)
        || request.getHeader(AdminCliToken.HEADER) == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!token.accepts(request.getHeader(AdminCliToken.HEADER))) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      json.writeValue(
          response.getOutputStream(),
          Envelope.error(
              "The admin token is not the one in BERTH_HOME/keys/" + AdminCliToken.FILE + "."));
      return;
    }
    request.setAttribute(Caller.REQUEST_ATTRIBUTE, CLI_CALLER);
    request.setAttribute(AUTH_FILTER_DONE, Boolean.TRUE);
    chain.doFilter(request, response);
  }
}
