package io.berth.pods.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.pods.Pod;
import io.berth.pods.PodCredentials;
import io.berth.pods.PodDefinition;
import io.berth.pods.PodObserved;
import io.berth.pods.StatusRequested;
import io.berth.pods.VolumeMount;
import io.berth.runtime.MountSpec;
import io.berth.runtime.PodKey;
import io.berth.templates.Template;
import io.berth.testing.PodDefinitions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which storage a pod's container mounts: its own life's, or what its mounts resolve to now. */
class PodSpecBuilderTest {
  static final Template DATABASE =
      new Template(
          "db",
          "",
          "img",
          List.of(),
          Map.of(),
          Map.of(),
          "",
          null,
          null,
          List.of("/var/lib/db", "/etc/db"),
          null,
          List.of(),
          null,
          null);
  static final PodCredentials CREDENTIALS = new PodCredentials("u", "p", "a", "q", Map.of());

  static Pod pod(String uid, Map<String, VolumeMount> mounts) {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    return new Pod(
        new PodKey("t", "mydb"),
        PodDefinitions.of("img").template("db").mounts(mounts).timeToStopDefault(-1).build(),
        StatusRequested.ON,
        PodObserved.REQUESTED,
        1,
        now,
        now,
        "alice",
        uid);
  }

  @Test
  void dataStorageIsNamedAfterThePodsUidNotItsId() {
    List<MountSpec> first =
        PodSpecBuilder.desired(pod("a1", Map.of()), DATABASE, CREDENTIALS, Map.of(), Map.of())
            .mounts();
    List<MountSpec> again =
        PodSpecBuilder.desired(pod("b2", Map.of()), DATABASE, CREDENTIALS, Map.of(), Map.of())
            .mounts();

    assertThat(first)
        .extracting(MountSpec::storageId)
        .containsExactly("pod-t-a1-data0", "pod-t-a1-data1");
    assertThat(again)
        .extracting(MountSpec::storageId)
        .containsExactly("pod-t-b2-data0", "pod-t-b2-data1");
  }

  @Test
  void aVolumeMountedAtADataPathReplacesTheFreshStorage() {
    Pod pod = pod("a1", Map.of("olddata", new VolumeMount("tapisvolume", "/var/lib/db/", "")));

    List<MountSpec> mounts =
        PodSpecBuilder.desired(
                pod, DATABASE, CREDENTIALS, Map.of("olddata", "pod-t-old-data0"), Map.of())
            .mounts();

    assertThat(mounts)
        .containsExactly(
            new MountSpec("pod-t-old-data0", "", "/var/lib/db/", false),
            new MountSpec("pod-t-a1-data1", "", "/etc/db", false));
  }

  @Test
  void mountsUseTheStorageTheyResolveToAndNeverAName() {
    Pod pod =
        pod(
            "a1",
            Map.of(
                "shared", new VolumeMount("tapisvolume", "/shared", "sub"),
                "monday", new VolumeMount("tapissnapshot", "/monday", "")));

    List<MountSpec> mounts =
        PodSpecBuilder.desired(
                pod,
                null,
                CREDENTIALS,
                Map.of("shared", "vol-t-0123abcd", "monday", "snap-t-4567cdef"),
                Map.of())
            .mounts();

    assertThat(mounts)
        .containsExactlyInAnyOrder(
            new MountSpec("vol-t-0123abcd", "sub", "/shared", false),
            new MountSpec("snap-t-4567cdef", "", "/monday", true));
    assertThatThrownBy(() -> PodSpecBuilder.desired(pod, null, CREDENTIALS, Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialsAndPlaceholdersInThePodsOwnFieldsAreExpandedInMemory() {
    Pod stored = pod("a1", Map.of());
    PodDefinition d = stored.definition();
    Pod pod =
        stored.withDefinition(
            PodDefinitions.of("img")
                .command("serve", "--token=${pods:value:TOKEN}")
                .arguments("${user_username}")
                .environment(Map.of("PASS", "${pods:random:12}", "HOME_DIR", "${HOME}"))
                .resources(d.resources())
                .timeToStopDefault(-1)
                .build(),
            2,
            Instant.parse("2026-12-01T00:00:00Z"));
    PodCredentials credentials =
        CREDENTIALS.withPlaceholders(
            Map.of("${pods:random:12}", "s3cret", "${pods:value:TOKEN}", "t0k"));

    var spec = PodSpecBuilder.desired(pod, null, credentials, Map.of(), Map.of());

    assertThat(spec.command()).containsExactly("serve", "--token=t0k");
    assertThat(spec.arguments()).containsExactly("u");
    assertThat(spec.env()).containsEntry("PASS", "s3cret").containsEntry("HOME_DIR", "${HOME}");
    assertThat(pod.definition().environmentVariables()).containsEntry("PASS", "${pods:random:12}");
    assertThat(credentials.toString()).doesNotContain("s3cret").doesNotContain("t0k");
  }
}
