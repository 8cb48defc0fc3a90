package io.berth.ops.metrics;

import io.berth.web.Envelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /metrics} only with {@code Authorization: Bearer} and the {@link MetricsToken}: the
 * exposition names tenants and pods' states, and users' tokens do not open it. The path is taken as
 * the servlet container normalised it ({@code /metrics;x}, {@code //metrics} are the same).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
class MetricsTokenFilter extends OncePerRequestFilter {
  static final String PATH = "/metrics";

  private final MetricsToken token;
  private final JsonMapper json;

  MetricsTokenFilter(MetricsToken token, JsonMapper json) {
    this.token = token;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return !path.equals(PATH) && !path.startsWith(PATH + "/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String authorization = request.getHeader("Authorization");
    boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    if (bearer && token.accepts(authorization.substring(7))) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", "Bearer realm=\"berth-metrics\"");
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    json.writeValue(
        response.getOutputStream(),
        Envelope.error(
            "/metrics needs Authorization: Bearer with the metrics token (BERTH_METRICS_TOKEN, or"
                + " the one in BERTH_METRICS_TOKEN_FILE, by default BERTH_HOME/keys/"
                + MetricsToken.FILE
                + ")."));
  }
}
