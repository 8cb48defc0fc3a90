package io.berth.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Times every API request as {@code berth_api_requests_seconds{route,method,outcome}}. The route is
 * the matched pattern ({@code /v3/pods/{podId}}), never the raw path, so labels stay bounded; so do
 * the buckets: a few explicit ones around the latencies that matter, not Micrometer's 69.
 */
@Component
class ApiMetricsInterceptor implements HandlerInterceptor {
  private static final String START = ApiMetricsInterceptor.class.getName() + ".start";
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(25),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  ApiMetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    request.setAttribute(START, System.nanoTime());
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    if (!(request.getAttribute(START) instanceof Long start)) {
      return;
    }
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String route = pattern == null ? "unmatched" : pattern.toString();
    int status = response.getStatus();
    String outcome = status >= 500 ? "server_error" : status >= 400 ? "client_error" : "success";
    String method = request.getMethod();
    timers
        .computeIfAbsent(
            route + ' ' + method + ' ' + outcome,
            k ->
                Timer.builder("berth.api.requests")
                    .description("API requests by route, method and outcome")
                    .tags("route", route, "method", method, "outcome", outcome)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry))
        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
