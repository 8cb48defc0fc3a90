package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The full pass's listing of the site's containers: on Podman its own endpoint, since the
 * Docker-compatible one inspects every container it lists; on Docker the Docker one.
 */
class ContainerListingTest {
  static final Map<String, String> SITE = Map.of("io.berth.site", "s", "io.berth.managed", "true");
  final List<String> asked = new CopyOnWriteArrayList<>();

  @Test
  void onPodmanTheContainersAreListedWithoutAnInspectOfEach() {
    DockerClientImpl podman =
        engine(
            200,
            """
            [{"Id":"b0a6","Names":["berth-s-alice-p1"],"State":"running",
              "Created":"2026-12-07T11:02:00.555776753Z","StartedAt":1796641321,
              "Labels":{"io.berth.site":"s","io.berth.managed":"true","io.berth.pod":"p1"},
              "Ports":[{"host_ip":"127.0.0.1","container_port":5000,"host_port":40083,
                        "range":1,"protocol":"tcp"},
                       {"host_ip":"127.0.0.1","container_port":7000,"host_port":41000,
                        "range":2,"protocol":"tcp"}]},
             {"Id":"c1","Names":["other"],"State":"exited","Created":"2026-12-07T11:00:00Z",
              "StartedAt":0,"Labels":{"io.berth.site":"s"},"Ports":null}]
            """);
    List<ContainerListing.Listed> listed = new ContainerListing(() -> podman).labelled(SITE);
    assertThat(listed)
        .containsExactly(
            new ContainerListing.Listed(
                "b0a6",
                List.of("berth-s-alice-p1"),
                Map.of("io.berth.site", "s", "io.berth.managed", "true", "io.berth.pod", "p1"),
                "running",
                Instant.ofEpochSecond(1796641321),
                Map.of(5000, 40083, 7000, 41000, 7001, 41001)));
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0))
        .startsWith("GET /v4.0.0/libpod/containers/json?all=true&filters=")
        .contains("io.berth.site%3Ds")
        .contains("io.berth.managed%3Dtrue");
  }

  @Test
  void aContainerNeverStartedIsDatedByItsCreation() {
    DockerClientImpl podman =
        engine(
            200,
            """
            [{"Id":"c1","Names":["n"],"State":"created","Created":"2026-12-07T11:00:00Z",
              "StartedAt":-62135596800,"Labels":{"io.berth.site":"s","io.berth.managed":"true"}}]
            """);
    assertThat(new ContainerListing(() -> podman).labelled(SITE))
        .singleElement()
        .satisfies(c -> {
          assertThat(c.started()).isEqualTo(Instant.parse("2026-12-07T11:00:00Z"));
          assertThat(c.published()).isEmpty();
        });
  }

  @Test
  void whereThatEndpointIsMissingTheDockerListingIsUsedFromThenOn() {
    DockerClientImpl docker = engine(404, "{\"message\":\"page not found\"}");
    ContainerListing listing = new ContainerListing(() -> docker);
    assertThat(listing.labelled(SITE)).isEmpty();
    assertThat(listing.labelled(SITE)).isEmpty();
    assertThat(asked).hasSize(3);
    assertThat(asked.get(0)).contains("/libpod/");
    assertThat(asked.subList(1, 3)).allSatisfy(a -> assertThat(a).contains("/containers/json?"));
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
            return NetworkListingTest.response(libpod ? status : 200, libpod ? body : "[]");
          }

          @Override
          public void close() {}
        };
    return NetworkListingTest.over(http);
  }
}
