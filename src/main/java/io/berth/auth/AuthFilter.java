package io.berth.auth;

import io.berth.web.Envelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request but a short public list must carry a valid token, in {@code X-Tapis-Token} as Tapis
 * clients send it or in {@code Authorization: Bearer}. The caller it names is stored on the request
 * for controllers; anything else is answered 401 here, before any handler runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AuthFilter extends OncePerRequestFilter {
  /**
   * Paths served without a user token: health, API description, token, site and tenant discovery,
   * the public status page; metrics (Prometheus's token, MetricsTokenFilter) and the Traefik
   * configuration check their own.
   */
  static final List<String> PUBLIC_EXACT =
      List.of(
          "/v3/pods/healthcheck",
          "/openapi.json",
          "/docs",
          "/v3/oauth2/tokens",
          "/v3/oauth2/jwks",
          // the embedded issuer's OpenID provider metadata (its other endpoints are under /oauth2/)
          "/.well-known/openid-configuration",
          "/.well-known/oauth-authorization-server",
          "/v3/tenants",
          "/v3/sites",
          "/metrics",
          "/status",
          "/v3/pods/traefik-config",
          "/error",
          "/ogcapi");

  /**
   * Traefik's forwardAuth for a pod's host name: it makes the proxy gate's decision itself. Only a
   * plain host name matches (no "..", no path parameters), so nothing else can pass for it.
   */
  static final Pattern FORWARD_AUTH =
      Pattern.compile("^/v3/pods/[A-Za-z0-9](?:[A-Za-z0-9-]|\\.(?!\\.))*/auth$");

  static final List<String> PUBLIC_PREFIXES =
      List.of(
          "/openapi.json/",
          "/docs/",
          "/swagger-ui/",
          "/v3/tenants/",
          "/v3/sites/",
          "/actuator/health",
          "/status/",
          // OGC API - Processes authenticates its own requests (its refusals are OGC's documents)
          "/ogcapi/");

  private final TokenValidator validator;
  private final JsonMapper json;

  public AuthFilter(TokenValidator validator, JsonMapper json) {
    this.validator = validator;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return PUBLIC_EXACT.contains(path)
        || PUBLIC_PREFIXES.stream().anyMatch(path::startsWith)
        || FORWARD_AUTH.matcher(path).matches()
        || BrowserPaths.matches(path); // the browser's chain signs those in, with no token
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = BearerToken.from(request);
    if (token == null) {
      refuse(response, "A token is required: send it in X-Tapis-Token or Authorization: Bearer.");
      return;
    }
    try {
      request.setAttribute(Caller.REQUEST_ATTRIBUTE, validator.validate(token));
    } catch (TokenValidator.InvalidTokenException e) {
      refuse(response, e.getMessage());
      return;
    }
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletResponse response, String message) throws IOException {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setHeader("WWW-Authenticate", "Bearer");
    json.writeValue(response.getOutputStream(), Envelope.error(message));
  }
}
