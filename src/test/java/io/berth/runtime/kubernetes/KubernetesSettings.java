package io.berth.runtime.kubernetes;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@code berth.kubernetes.*} from property names, as Spring does at startup. */
final class KubernetesSettings {
  private KubernetesSettings() {}

  static KubernetesProperties of(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bind("berth.kubernetes", KubernetesProperties.class)
        .orElseGet(KubernetesProperties::defaults);
  }
}
