package io.berth.proxy;

import io.berth.auth.AuthProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link UrlScheme} for the site, checked against the configured tenants at start. */
@Configuration
class UrlSchemeConfig {
  @Bean
  UrlScheme urlScheme(ProxyProperties proxy, AuthProperties auth) {
    return UrlScheme.of(proxy, auth);
  }
}
