package io.berth.jupyter;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The site's notebook pods: the stored template {@code /v3/pods/jupyter/ensure} starts them from
 * (the shipped {@code jupyter} by default; any template the users may READ) and the directory in
 * the container that upload paths are relative to (Jupyter's own root in the shipped image).
 */
@ConfigurationProperties("berth.pods.jupyter")
public record JupyterProperties(String template, String root) {

  public JupyterProperties {
    template = template == null || template.isBlank() ? "jupyter" : template;
    root = root == null || root.isBlank() ? "/home/jovyan" : root.replaceAll("/+$", "");
  }
}
