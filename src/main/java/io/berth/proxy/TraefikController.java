package io.berth.proxy;

import io.berth.auth.BearerToken;
import io.berth.auth.Caller;
import io.berth.auth.TokenValidator;
import io.berth.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/pods/traefik-config}: the routes in Traefik's HTTP-provider format, un-enveloped
 * as Traefik reads it. Traefik authenticates with the site's {@code BERTH_PROXY_TRAEFIK_TOKEN} (set
 * it in the provider's headers); a tenant admin's token also works.
 */
@RestController
class TraefikController {
  private final RouteRefresher routes;
  private final ProxyProperties properties;
  private final TokenValidator tokens;

  TraefikController(RouteRefresher routes, ProxyProperties properties, TokenValidator tokens) {
    this.routes = routes;
    this.properties = properties;
    this.tokens = tokens;
  }

  @GetMapping("/v3/pods/traefik-config")
  Map<String, Object> traefikConfig(HttpServletRequest request) {
    authorize(BearerToken.from(request));
    return TraefikConfig.of(routes.routes(), List.of("web"), List.of("tcp"));
  }

  private void authorize(String token) {
    if (token == null) {
      throw ApiException.unauthorized(
          "A token is required: the site's Traefik token or a tenant admin's.");
    }
    String site = properties.traefikToken();
    if (site != null
        && !site.isBlank()
        && MessageDigest.isEqual(
            site.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return;
    }
    Caller caller;
    try {
      caller = tokens.validate(token);
    } catch (TokenValidator.InvalidTokenException e) {
      throw ApiException.unauthorized(e.getMessage());
    }
    if (!caller.isTenantAdmin()) {
      throw ApiException.forbidden(
          "Only tenant admins and Traefik read the routing configuration.");
    }
  }
}
