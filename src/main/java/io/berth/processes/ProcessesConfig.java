package io.berth.processes;

import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.packages.ApplicationPackages;
import io.berth.processes.packages.UrlFetcher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The parts of OGC API - Processes made from the site's settings. */
@Configuration(proxyBeanMethods = false)
class ProcessesConfig {

  @Bean
  UrlFetcher processUrlFetcher(ProcessesProperties properties) {
    return new UrlFetcher(properties.allowedUrls(), properties.fetchTimeout());
  }

  @Bean
  ApplicationPackages applicationPackages(JsonMapper json, UrlFetcher fetcher) {
    return new ApplicationPackages(json, fetcher);
  }
}
