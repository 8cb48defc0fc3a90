package io.berth.runtime.docker;

import io.berth.config.BerthProperties;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.MountSources;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Docker Engine API adapter, the default runtime ({@code berth.runtime.kind=docker}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DockerProperties.class)
@ConditionalOnProperty(name = "berth.runtime.kind", havingValue = "docker", matchIfMissing = true)
class DockerRuntimeConfig {

  @Bean(destroyMethod = "close")
  EngineConnection engineConnection(DockerProperties properties, BerthProperties berth) {
    return new EngineConnection(properties, berth.homePath().resolve("engine"));
  }

  @Bean
  ContainerRuntime containerRuntime(
      EngineConnection engine,
      DockerProperties properties,
      BerthProperties berth,
      MountSources mounts) {
    return new DockerRuntime(engine, berth.site(), mounts, properties);
  }
}
