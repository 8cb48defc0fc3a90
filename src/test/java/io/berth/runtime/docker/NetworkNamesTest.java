package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.runtime.PodKey;
import org.junit.jupiter.api.Test;

class NetworkNamesTest {
  final PodKey key = new PodKey("tenant-with-a-long-name", "a-pod-with-a-long-name");

  @Test
  void bridgesFitTheKernelsNameLimitAndShareTheSitesPrefix() {
    String bridge = NetworkNames.bridge("berth", key, 0);
    assertThat(bridge).hasSize(15).startsWith(NetworkNames.bridgePrefix("berth"));
    assertThat(bridge).matches("[a-z2-7]{15}");
    assertThat(NetworkNames.bridgePrefix("berth")).hasSize(6).startsWith("brt");
  }

  @Test
  void namesAreDeterministicAndDifferPerPodSiteAndAttempt() {
    assertThat(NetworkNames.bridge("berth", key, 0))
        .isEqualTo(NetworkNames.bridge("berth", key, 0));
    assertThat(NetworkNames.bridge("berth", key, 1))
        .isNotEqualTo(NetworkNames.bridge("berth", key, 0));
    assertThat(NetworkNames.bridge("berth", new PodKey("tenant-with-a-long-name", "other"), 0))
        .isNotEqualTo(NetworkNames.bridge("berth", key, 0));
    assertThat(NetworkNames.bridgePrefix("other")).isNotEqualTo(NetworkNames.bridgePrefix("berth"));
    assertThat(NetworkNames.network("berth", key)).isEqualTo(ContainerNames.name("berth", key));
    assertThat(NetworkNames.siteTag("berth"))
        .isEqualTo(NetworkNames.bridgePrefix("berth").substring(3).toUpperCase());
  }
}
