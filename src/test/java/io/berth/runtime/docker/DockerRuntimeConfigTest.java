package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DockerRuntimeConfigTest {
  final DockerProperties defaults =
      new DockerProperties(null, null, null, null, null, null, null, null, null, null);

  @Test
  void podsMayReachTheProxysPortAndTcpRangeByDefault() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("berth.proxy.port", "8443")
            .withProperty("berth.proxy.tcp-port-range", "31000-31099");
    assertThat(DockerRuntimeConfig.hostPorts(defaults, environment))
        .containsExactly("8443", "31000-31099");
    assertThat(DockerRuntimeConfig.hostPorts(defaults, new MockEnvironment()))
        .containsExactly("8081", "30000-30999");
  }

  @Test
  void aProxyOnAPortTheSystemPicksOrNoProxyOpensNothingForIt() {
    assertThat(
            DockerRuntimeConfig.hostPorts(
                defaults, new MockEnvironment().withProperty("berth.proxy.port", "0")))
        .containsExactly("30000-30999");
    assertThat(
            DockerRuntimeConfig.hostPorts(
                defaults, new MockEnvironment().withProperty("berth.proxy.enabled", "false")))
        .isEmpty();
  }

  @Test
  void configuredPortsReplaceTheProxys() {
    DockerProperties configured =
        new DockerProperties(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new DockerProperties.Network("required", List.of("443")),
            null,
            null);
    assertThat(DockerRuntimeConfig.hostPorts(configured, new MockEnvironment()))
        .containsExactly("443");
  }
}
