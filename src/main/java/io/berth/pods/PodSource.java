package io.berth.pods;

import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.templates.Template;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a pod runs: a catalog template (and its image), or a plain image the allowlist permits.
 *
 * @param template the catalog template, null for a plain image
 */
public record PodSource(String image, Template template) {

  public String templateName() {
    return template == null ? null : template.name();
  }

  /** The template's resources, what a pod's own resources fall back to; none for an image. */
  public Resources templateResources() {
    return template == null ? null : template.resources();
  }

  /** The template's idle timeout, null when it sets none (or for an image). */
  public Integer templateIdleTimeout() {
    return template == null ? null : template.idleTimeout();
  }

  /** The networking a pod gets when it names none: its template's, or HTTP on port 5000. */
  public Map<String, Networking> defaultNetworking() {
    return template != null ? template.networking() : imageNetworking();
  }

  /** A plain image's networking: HTTP on port 5000, as in Tapis. */
  public static Map<String, Networking> imageNetworking() {
    Map<String, Networking> http = new LinkedHashMap<>();
    http.put("default", Networking.http(5000));
    return http;
  }
}
