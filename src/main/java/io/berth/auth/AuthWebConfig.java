package io.berth.auth;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the {@link Caller} argument resolver. */
@Configuration(proxyBeanMethods = false)
class AuthWebConfig implements WebMvcConfigurer {
  private final CallerArgumentResolver callers;

  AuthWebConfig(CallerArgumentResolver callers) {
    this.callers = callers;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(callers);
  }
}
