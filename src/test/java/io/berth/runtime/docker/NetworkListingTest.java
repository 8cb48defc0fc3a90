package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The sweep's listing of the site's networks: on Podman its own endpoint, since the
 * Docker-compatible one inspects every container of the host for every network (2.5 CPU-seconds a
 * listing, measured with 66 networks and 20 containers); on Docker the Docker one.
 */
class NetworkListingTest {
  final List<String> asked = new CopyOnWriteArrayList<>();

  @Test
  void onPodmanTheNetworksAreListedWithoutTheContainersOnThem() {
    DockerClientImpl podman =
        engine(
            200,
            "[{\"name\":\"berthpods-a\",\"driver\":\"bridge\",\"created\":"
                + "\"2026-12-07T04:27:00.504029726Z\",\"labels\":{\"io.berth.site\":\"s\","
                + "\"io.berth.network\":\"pods\"},\"subnets\":[]}]");
    List<NetworkListing.Listed> listed =
        new NetworkListing(() -> podman).labelled("io.berth.site", "s");
    assertThat(listed)
        .containsExactly(
            new NetworkListing.Listed(
                "berthpods-a",
                Map.of("io.berth.site", "s", "io.berth.network", "pods"),
                Instant.parse("2026-12-07T04:27:00.504029726Z")));
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0))
        .startsWith("GET /v4.0.0/libpod/networks/json?filters=")
        .contains("io.berth.site%3Ds");
  }

  @Test
  void whereThatEndpointIsMissingTheDockerListingIsUsedFromThenOn() {
    DockerClientImpl docker = engine(404, "{\"message\":\"page not found\"}");
    NetworkListing listing = new NetworkListing(() -> docker);
    assertThat(listing.labelled("io.berth.site", "s")).isEmpty();
    assertThat(listing.labelled("io.berth.site", "s")).isEmpty();
    assertThat(asked).hasSize(3);
    assertThat(asked.get(0)).contains("/libpod/");
    assertThat(asked.subList(1, 3)).allSatisfy(a -> assertThat(a).contains("/networks?filters="));
  }

  /**
   * Answers the libpod listing with {@code status} and {@code body}, the Docker listing with [].
   */
  DockerClientImpl engine(int status, String body) {
    DockerHttpClient http =
        new DockerHttpClient() {
          @Override
          public Response execute(Request request) {
            asked.add(request.method() + " " + request.path());
            boolean libpod = request.path().contains("/libpod/");
            return response(libpod ? status : 200, libpod ? body : "[]");
          }

          @Override
          public void close() {}
        };
    return over(http);
  }

  /** A docker-java client whose every request goes to {@code http}, a fake engine. */
  static DockerClientImpl over(DockerHttpClient http) {
    return (DockerClientImpl)
        DockerClientImpl.getInstance(
            DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///nonexistent.sock")
                .withApiVersion("1.41")
                .build(),
            http);
  }

  static DockerHttpClient.Response response(int status, String body) {
    return new DockerHttpClient.Response() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public Map<String, List<String>> getHeaders() {
        return Map.of("Content-Type", List.of("application/json"));
      }

      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void close() {}
    };
  }
}
