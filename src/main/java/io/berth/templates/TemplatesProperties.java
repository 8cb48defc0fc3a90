package io.berth.templates;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where site templates live, and the site-wide image allowlist (glob patterns). */
@ConfigurationProperties("berth.templates")
public record TemplatesProperties(String siteDirectory, List<String> imageAllowlist) {
  public TemplatesProperties {
    imageAllowlist =
        imageAllowlist == null
            ? List.of()
            : imageAllowlist.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
