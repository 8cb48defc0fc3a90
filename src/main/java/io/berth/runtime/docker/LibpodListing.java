package io.berth.runtime.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A listing through Podman's own endpoint ({@code /libpod/<kind>/json}) filtered by labels, for
 * what its Docker-compatible twin costs the engine far more for ({@link NetworkListing}, {@link
 * ContainerListing}).
 */
final class LibpodListing {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LibpodListing() {}

  /**
   * The {@code kind} ("networks", "containers") carrying each of {@code labels} ("key=value");
   * {@code query}: more parameters ("all=true&"). Null when the engine has no libpod endpoint.
   */
  static <T> List<T> labelled(
      DockerHttpClient http,
      String kind,
      String query,
      List<String> labels,
      TypeReference<List<T>> type) {
    try {
      String filters =
          URLEncoder.encode(
              JSON.writeValueAsString(Map.of("label", labels)), StandardCharsets.UTF_8);
      DockerHttpClient.Request request =
          DockerHttpClient.Request.builder()
              .method(DockerHttpClient.Request.Method.GET)
              .path("/v4.0.0/libpod/" + kind + "/json?" + query + "filters=" + filters)
              .build();
      try (DockerHttpClient.Response response = http.execute(request)) {
        if (response.getStatusCode() == 404) {
          return null;
        }
        if (response.getStatusCode() != 200) {
          throw new IllegalStateException(
              "listing " + kind + ": the engine answered " + response.getStatusCode());
        }
        return JSON.readValue(response.getBody(), type);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + kind, e);
    }
  }
}
