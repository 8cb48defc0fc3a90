package io.berth.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Registers the API's cross-cutting interceptors and the converter its JSON bodies go through. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {
  private final ApiMetricsInterceptor metrics;

  WebConfig(ApiMetricsInterceptor metrics) {
    this.metrics = metrics;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(metrics).addPathPatterns("/v3/**");
  }

  /**
   * Puts {@link ApiJsonConverter} in the JSON converter's place, after Spring Boot's customizer
   * (order 0) set its own; a converter bean would instead go first, ahead of the byte-array one.
   */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  ServerHttpMessageConvertersCustomizer apiJsonConverter(
      JsonMapper mapper, @Value("${berth.api.max-body-bytes:1048576}") long limit) {
    return builder -> builder.withJsonConverter(new ApiJsonConverter(mapper, limit));
  }
}
