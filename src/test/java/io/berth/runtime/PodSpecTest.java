package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.TestPodSpecs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a pod's command and arguments become the container's entrypoint and arguments. */
class PodSpecTest {
  static PodSpec spec(List<String> command, List<String> arguments) {
    return TestPodSpecs.of(new PodKey("t", "p"), "img")
        .command(command)
        .arguments(arguments)
        .build();
  }

  /** Callers name every field (tests through TestPodSpecs/TestJobSpecs), so none is defaulted. */
  @Test
  void podAndJobSpecsHaveOnlyTheirCanonicalConstructor() {
    assertThat(PodSpec.class.getDeclaredConstructors()).hasSize(1);
    assertThat(JobSpec.class.getDeclaredConstructors()).hasSize(1);
  }

  @Test
  void neitherKeepsTheImagesEntrypointAndCommand() {
    assertThat(spec(List.of(), List.of()).entrypoint()).isNull();
    assertThat(spec(List.of(), List.of()).args()).isNull();
  }

  @Test
  void theCommandReplacesTheEntrypointAndTheArgumentsFollowIt() {
    PodSpec spec = spec(List.of("/bin/sh", "-c", "echo $@", "sh"), List.of("one", "two"));
    assertThat(spec.entrypoint()).isEqualTo("/bin/sh");
    assertThat(spec.args()).containsExactly("-c", "echo $@", "sh", "one", "two");
  }

  @Test
  void aCommandAloneClearsTheImagesArguments() {
    PodSpec spec = spec(List.of("serve"), List.of());
    assertThat(spec.entrypoint()).isEqualTo("serve");
    assertThat(spec.args()).isEmpty();
  }

  @Test
  void argumentsAloneGoToTheImagesEntrypoint() {
    PodSpec spec = spec(List.of(), List.of("--port", "5000"));
    assertThat(spec.entrypoint()).isNull();
    assertThat(spec.args()).containsExactly("--port", "5000");
  }
}
