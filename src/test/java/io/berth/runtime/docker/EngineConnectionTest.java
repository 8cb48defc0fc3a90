package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.runtime.EngineUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConnectionTest {

  @Test
  void aConfiguredEngineThatDoesNotAnswerIsNotReplacedByOneBerthStarts(@TempDir Path dir)
      throws Exception {
    Path engineDir = dir.resolve("engine");
    String host = "unix://" + dir.resolve("gone.sock");
    // startPodman is on, as by default: it is for discovery, never for a configured address
    DockerProperties properties =
        new DockerProperties(null, host, null, null, true, null, null, null, null, null);
    EngineConnection connection = new EngineConnection(properties, engineDir);

    assertThatThrownBy(connection::client)
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining(host)
        .hasMessageNotContaining("started by Berth");
    assertThat(Files.exists(engineDir.resolve("podman.sock"))).isFalse();
  }
}
