package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The stored {@code status_container} read into the typed status and shown back unchanged. */
class ContainerStatusTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void storedTextReadsIntoTypedFieldsAndEndpoints() {
    String stored =
        "{\"state\":\"running\",\"instance_generation\":7,\"restart_count\":1,"
            + "\"last_restart_ts\":\"2026-12-06T10:00:00Z\","
            + "\"endpoints\":{\"5000\":\"10.88.0.5:5000\",\"8888\":\"10.88.0.5:8888\"}}";
    ContainerStatus status = JSON.readValue(stored, ContainerStatus.class);
    assertThat(status.instanceGeneration()).isEqualTo(7L);
    assertThat(status.restartCount()).isEqualTo(1);
    assertThat(status.lastRestart()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
    assertThat(status.endpoint(5000)).contains("10.88.0.5:5000");
    assertThat(status.endpoint(9999)).isEmpty();
    assertThat(status.isTerminal()).isFalse();
    // the API shows what was stored, with the same keys and value types
    assertThat(status.toMap())
        .containsExactly(
            Map.entry("state", "running"),
            Map.entry("instance_generation", 7L),
            Map.entry("restart_count", 1),
            Map.entry("last_restart_ts", "2026-12-06T10:00:00Z"),
            Map.entry(
                "endpoints",
                new java.util.TreeMap<>(
                    Map.of("5000", "10.88.0.5:5000", "8888", "10.88.0.5:8888"))));
  }

  @Test
  void writtenAndReadBackItIsTheSame() {
    ContainerStatus status =
        new ContainerStatus(
            "failed",
            3L,
            2,
            "exited with code 7",
            7,
            Instant.parse("2026-12-06T10:00:05Z"),
            Instant.parse("2026-12-06T10:00:00Z"),
            true,
            null);
    String text = JSON.writeValueAsString(status);
    assertThat(text)
        .contains("\"next_restart_ts\":\"2026-12-06T10:00:05Z\"")
        .contains("\"terminal\":true");
    assertThat(JSON.readValue(text, ContainerStatus.class)).isEqualTo(status);
  }

  @Test
  void anUnreconciledPodHasAnEmptyStatusAndUnknownKeysAreIgnored() {
    assertThat(JSON.readValue("{}", ContainerStatus.class)).isEqualTo(ContainerStatus.NONE);
    assertThat(ContainerStatus.NONE.toMap()).isEmpty();
    assertThat(JSON.writeValueAsString(ContainerStatus.NONE)).isEqualTo("{}");
    assertThat(JSON.readValue("{\"state\":\"none\",\"later\":1}", ContainerStatus.class).state())
        .isEqualTo("none");
  }
}
