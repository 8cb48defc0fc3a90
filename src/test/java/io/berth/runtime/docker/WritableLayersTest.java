package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WritableLayersTest {

  @Test
  void theLimitIsAskedUntilTheEngineRefusesIt() {
    WritableLayers layers = new WritableLayers(DataSize.ofGigabytes(10));
    assertThat(layers.options()).isEqualTo(Map.of("size", Long.toString(10L << 30)));
    assertThat(layers.refusedBy("no such image: x")).isFalse();
    assertThat(layers.options()).isNotEmpty();
    // Podman 4's overlay on ext4, as seen here
    assertThat(
            layers.refusedBy(
                "storage option overlay.size and overlay.inodes only supported for backingFS XFS."
                    + " Found extfs"))
        .isTrue();
    assertThat(layers.options()).isEmpty();
  }

  @Test
  void dockersRefusalIsRecognisedAndZeroTurnsTheLimitOff() {
    WritableLayers docker = new WritableLayers(DataSize.ofGigabytes(1));
    assertThat(
            docker.refusedBy(
                "--storage-opt is supported only for overlay over xfs with 'pquota' mount option"))
        .isTrue();
    assertThat(new WritableLayers(DataSize.ofBytes(0)).options()).isEmpty();
  }

  @Test
  void everyCreateThatAskedIsToldOfTheRefusalNotOnlyTheFirst() {
    // six creates asked at once; the first answer turns the limit off for later ones, and the
    // other five answers must still be read as the same refusal, to be retried without it
    WritableLayers layers = new WritableLayers(DataSize.ofGigabytes(1));
    String refusal =
        "--storage-opt is supported only for overlay over xfs with 'pquota' mount option";
    assertThat(layers.refusedBy(refusal)).isTrue();
    assertThat(layers.refusedBy(refusal)).isTrue();
    assertThat(layers.options()).isEmpty();
  }
}
