package io.berth.runtime.docker;

import io.berth.config.BerthProperties;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.MountSources;
import io.berth.runtime.TenantSlots;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
  HostFirewall hostFirewall(
      DockerProperties properties, BerthProperties berth, Environment environment) {
    FirewallRules rules =
        new FirewallRules(
            NetworkNames.bridgePrefix(berth.site()),
            NetworkNames.siteTag(berth.site()),
            hostPorts(properties, environment));
    return new HostFirewall(rules, properties.network().firewall());
  }

  @Bean
  ContainerRuntime containerRuntime(
      EngineConnection engine,
      DockerProperties properties,
      BerthProperties berth,
      MountSources mounts,
      TenantSlots slots,
      HostFirewall firewall) {
    return new DockerRuntime(engine, berth.site(), mounts, properties, slots, firewall);
  }

  /**
   * The host ports pods may reach: as configured, or else the public routes of this host, the
   * proxy's HTTP port and TCP range (read as settings: the proxy is a feature this adapter does not
   * know).
   */
  static List<String> hostPorts(DockerProperties properties, Environment environment) {
    if (!properties.network().hostPorts().isEmpty()) {
      return properties.network().hostPorts();
    }
    List<String> ports = new ArrayList<>();
    if (environment.getProperty("berth.proxy.enabled", Boolean.class, true)) {
      for (String port :
          List.of(
              environment.getProperty("berth.proxy.port", "8081"),
              environment.getProperty("berth.proxy.tcp-port-range", "30000-30999"))) {
        // port 0 is one the system picks when the proxy binds: not known here, so not opened
        if (!port.isBlank() && !port.strip().equals("0")) {
          ports.add(port);
        }
      }
    }
    return ports;
  }
}
