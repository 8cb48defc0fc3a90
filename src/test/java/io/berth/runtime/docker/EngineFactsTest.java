package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EngineFactsTest {
  @Test
  void rootfulPodmanGetsTenantRanges() {
    EngineFacts podman =
        EngineFacts.of(
            "podman", List.of("name=seccomp,profile=default"), "/var/lib/containers/storage");
    assertThat(podman.tenantRanges()).isTrue();
    assertThat(podman.remap()).isNull();
  }

  @Test
  void rootlessPodmanAlreadyMapsRootToItsUser() {
    EngineFacts rootless = EngineFacts.of("podman", List.of("name=rootless"), "/home/u/.local");
    assertThat(rootless.tenantRanges()).isFalse();
    assertThat(rootless.rootless()).isTrue();
  }

  @Test
  void dockersUsernsRemapIsReadFromItsDataDirectory() {
    EngineFacts remapped =
        EngineFacts.of(
            "docker",
            List.of("name=apparmor", "name=seccomp,profile=builtin", "name=userns"),
            "/var/lib/docker/231072.231072");
    assertThat(remapped.remap()).isEqualTo(new IdMapping(231072));
    assertThat(remapped.tenantRanges()).isFalse();
    assertThat(EngineFacts.of("docker", List.of("name=seccomp"), "/var/lib/docker").remap())
        .isNull();
  }
}
