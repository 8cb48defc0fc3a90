package io.berth.proxy;

import io.berth.auth.AuthProperties;
import io.berth.auth.BearerToken;
import io.berth.auth.Caller;
import io.berth.auth.EmbeddedTenant;
import io.berth.auth.TokenValidator;
import io.berth.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/pods/traefik-config}: the routes in Traefik's HTTP-provider format, un-enveloped
 * as Traefik reads it. Traefik authenticates with the site's {@code BERTH_PROXY_TRAEFIK_TOKEN} (set
 * it in the provider's headers) and gets every route, as do admins of the site's own tenant. An
 * admin of another tenant gets that tenant's routes only: other tenants' pod ids and addresses are
 * none of theirs. Anyone else is refused.
 */
@RestController
class TraefikController {
  private final RouteRefresher routes;
  private final ProxyProperties properties;
  private final TokenValidator tokens;
  private final String siteTenant;
  private final String forwardAuthBase;

  TraefikController(
      RouteRefresher routes,
      ProxyProperties properties,
      TokenValidator tokens,
      AuthProperties auth,
      EmbeddedTenant embedded) {
    this.routes = routes;
    this.properties = properties;
    this.tokens = tokens;
    this.siteTenant = auth.tenant();
    this.forwardAuthBase =
        properties.forwardAuthUrl() != null ? properties.forwardAuthUrl() : embedded.baseUrl();
  }

  @GetMapping("/v3/pods/traefik-config")
  Map<String, Object> traefikConfig(HttpServletRequest request) {
    Predicate<Route> visible = authorize(BearerToken.from(request));
    List<Route> shown =
        RouteTable.resolve(routes.routes()).kept().stream().filter(visible).toList();
    return TraefikConfig.of(shown, List.of("web"), List.of("tcp"), forwardAuthBase);
  }

  /** Which routes the caller may read. */
  private Predicate<Route> authorize(String token) {
    if (token == null) {
      throw ApiException.unauthorized(
          "A token is required: the site's Traefik token or a tenant admin's.");
    }
    String site = properties.traefikToken();
    if (site != null
        && !site.isBlank()
        && MessageDigest.isEqual(
            site.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      return r -> true;
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
    if (caller.tenant().equals(siteTenant)) {
      return r -> true;
    }
    return r -> r.tenant().equals(caller.tenant());
  }
}
