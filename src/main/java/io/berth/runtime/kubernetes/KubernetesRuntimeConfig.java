package io.berth.runtime.kubernetes;

import io.berth.config.BerthProperties;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.storage.VolumeStorage;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The Kubernetes adapter, chosen with {@code berth.runtime.kind=kubernetes}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KubernetesProperties.class)
@ConditionalOnProperty(name = "berth.runtime.kind", havingValue = "kubernetes")
class KubernetesRuntimeConfig {

  /**
   * In the cluster: the pod's service account; outside: ~/.kube/config or KUBECONFIG. An explicit
   * URL replaces only the server, as {@code kubectl --server} does.
   */
  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient(KubernetesProperties properties) {
    Config found = Config.autoConfigure(null);
    Config config =
        properties.apiUrl() == null
            ? found
            : new ConfigBuilder(found).withMasterUrl(properties.apiUrl()).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The one ContainerRuntime bean; closing it stops the informers. */
  @Bean(destroyMethod = "close")
  ContainerRuntime containerRuntime(
      KubernetesClient client, KubernetesProperties properties, BerthProperties berth) {
    return new KubernetesRuntime(client, properties, berth.site()).start();
  }

  /**
   * Wins over the local storage (which stays for the Docker runtime): files live on the claims pods
   * mount, reached through helper pods; closing it deletes the helpers it holds.
   */
  @Bean(destroyMethod = "close")
  @Primary
  VolumeStorage claimStorage(
      KubernetesClient client, KubernetesProperties properties, BerthProperties berth) {
    return new ClaimStorage(
        client,
        properties,
        berth.site(),
        new HelperPods(client, properties, berth.site()),
        berth.homePath().resolve("tmp").resolve("uploads"));
  }
}
