package io.berth.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
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

  /** Takes the place of Spring Boot's JSON converter (it backs off when one is defined). */
  @Bean
  JacksonJsonHttpMessageConverter apiJsonConverter(
      JsonMapper mapper, @Value("${berth.api.max-body-bytes:1048576}") long limit) {
    return new ApiJsonConverter(mapper, limit);
  }
}
