package io.berth.processes;

import io.berth.auth.BearerToken;
import io.berth.auth.Caller;
import io.berth.auth.EmbeddedTenant;
import io.berth.auth.TokenValidator;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.ProcessesProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who calls OGC API - Processes: the user a token names (as for the rest of the API), or, when the
 * site allows it ({@code BERTH_PROCESSES_ANONYMOUS_USER}), that one user of the site's tenant for
 * requests without a token. Refusals are OGC exception documents, not Tapis envelopes. A token that
 * is sent must be valid: it is never ignored for the anonymous user.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class OgcAuthFilter extends OncePerRequestFilter {
  private final TokenValidator validator;
  private final ProcessesProperties properties;
  private final EmbeddedTenant tenant;
  private final JsonMapper json;

  OgcAuthFilter(
      TokenValidator validator,
      ProcessesProperties properties,
      EmbeddedTenant tenant,
      JsonMapper json) {
    this.validator = validator;
    this.properties = properties;
    this.tenant = tenant;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(path.equals(Links.BASE) || path.startsWith(Links.BASE + "/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = BearerToken.from(request);
    Caller caller;
    if (token != null) {
      try {
        caller = validator.validate(token);
      } catch (TokenValidator.InvalidTokenException e) {
        refuse(response, e.getMessage());
        return;
      }
    } else if (properties.anonymous()) {
      caller =
          new Caller(
              tenant.id(), properties.anonymousUser(), Set.copyOf(properties.anonymousRoles()));
    } else {
      refuse(response, "A token is required: send it in X-Tapis-Token or Authorization: Bearer.");
      return;
    }
    request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletResponse response, String detail) throws IOException {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setContentType("application/json");
    response.setHeader("WWW-Authenticate", "Bearer");
    json.writeValue(
        response.getOutputStream(),
        OgcErrors.document(
            new OgcException(HttpStatus.UNAUTHORIZED, OgcException.GENERIC, detail)));
  }
}
