package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Owners' shared pod networks are made without Podman's CNI isolation, whose work at every
 * container's start made Berth's pods come up 1.4-1.8 times slower than on a network without it;
 * the site's firewall rules keep routed traffic out of them instead. Other networks keep it.
 */
class NetworkCallsTest {
  final List<String> asked = new CopyOnWriteArrayList<>();

  @Test
  void onPodmanASharedNetworkIsMadeWithoutTheEnginesIsolation() {
    NetworkCalls calls = new NetworkCalls(() -> engine(201, "{}"));
    calls.create(
        "berthpods-a", attempt -> "brtabc0x" + attempt, a -> "10.90.0.0/20", labels(), false);
    assertThat(asked)
        .singleElement()
        .satisfies(call ->
            assertThat(call)
                .startsWith("POST /v4.0.0/libpod/networks/create ")
                .contains("\"network_interface\":\"brtabc0x0\"")
                .contains("\"subnet\":\"10.90.0.0/20\"")
                .doesNotContain("isolate"));
  }

  @Test
  void aNetworkOfItsOwnIsMadeTheDockerWayAndIsolated() {
    NetworkCalls calls = new NetworkCalls(() -> engine(201, "{}"));
    calls.create("berth-a", attempt -> "brtabcx" + attempt, null, labels(), true);
    assertThat(asked)
        .singleElement()
        .satisfies(c -> assertThat(c).startsWith("POST /v1.41/networks/create"));
  }

  @Test
  void onDockerTheSharedNetworkIsMadeTheDockerWay() {
    NetworkCalls calls = new NetworkCalls(() -> engine(404, "{\"message\":\"page not found\"}"));
    calls.create(
        "berthpods-a", attempt -> "brtabc0x" + attempt, a -> "10.90.0.0/20", labels(), false);
    calls.create(
        "berthpods-b", attempt -> "brtabc0y" + attempt, a -> "10.90.16.0/20", labels(), false);
    assertThat(asked).hasSize(3);
    assertThat(asked.get(0)).contains("/libpod/");
    assertThat(asked.subList(1, 3))
        .allSatisfy(c -> assertThat(c).startsWith("POST /v1.41/networks/create"));
  }

  @Test
  void aTakenSubnetMakesTheNextAttemptPickAnotherAndAnExistingNetworkIsAdopted() {
    List<Integer> statuses = new CopyOnWriteArrayList<>(List.of(500, 409));
    List<String> bodies =
        new CopyOnWriteArrayList<>(
            List.of(
                "{\"cause\":\"subnet 10.90.0.0/20 is already used on the host\"}",
                "{\"cause\":\"network name berthpods-a already used: network already exists\"}"));
    NetworkCalls calls =
        new NetworkCalls(() -> engine(() -> statuses.remove(0), () -> bodies.remove(0)));
    calls.create(
        "berthpods-a",
        attempt -> "brtabc0x" + attempt,
        a -> "10.90." + a * 16 + ".0/20",
        labels(),
        false);
    assertThat(asked).hasSize(2);
    assertThat(asked.get(1)).contains("\"subnet\":\"10.90.16.0/20\"");
  }

  static Map<String, String> labels() {
    return Map.of("io.berth.site", "s");
  }

  DockerClientImpl engine(int libpodStatus, String libpodBody) {
    return engine(() -> libpodStatus, () -> libpodBody);
  }

  /** Answers libpod calls with the given status and body, Docker's network create with 201. */
  DockerClientImpl engine(
      java.util.function.IntSupplier status, java.util.function.Supplier<String> body) {
    DockerHttpClient http =
        new DockerHttpClient() {
          @Override
          public Response execute(Request request) {
            byte[] sent = request.bodyBytes();
            asked.add(
                request.method()
                    + " "
                    + request.path()
                    + " "
                    + (sent == null ? "" : new String(sent, StandardCharsets.UTF_8)));
            if (request.path().contains("/libpod/")) {
              return NetworkListingTest.response(status.getAsInt(), body.get());
            }
            return NetworkListingTest.response(201, "{\"Id\":\"x\"}");
          }

          @Override
          public void close() {}
        };
    return NetworkListingTest.over(http);
  }
}
