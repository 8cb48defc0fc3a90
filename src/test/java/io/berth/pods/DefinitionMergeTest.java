package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.templates.Networking;
import io.berth.templates.Resources;
import io.berth.templates.Template;
import io.berth.testing.DefinitionChanges;
import io.berth.testing.PodDefinitions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionMergeTest {
  static final PodDefinition CURRENT =
      PodDefinitions.of("localhost/app:1")
          .description("mine")
          .command("run")
          .arguments("--fast")
          .environment(Map.of("A", "1"))
          .networking(Map.of("default", Networking.http(5000)))
          .resources(new Resources(250, 2000, 256, 3072, 0))
          .computeQueue("large")
          .build();

  static DefinitionChange nothing() {
    return DefinitionChanges.none().build();
  }

  @Test
  void anEmptyChangeKeepsEverythingAndChangesNothing() {
    DefinitionMerge.Result result = DefinitionMerge.apply(CURRENT, nothing());
    assertThat(result.definition()).isEqualTo(CURRENT);
    assertThat(result.changed()).isEmpty();
  }

  @Test
  void givenFieldsReplaceAndAreNamedInFieldOrder() {
    DefinitionChange change =
        DefinitionChanges.none()
            .description("yours")
            .arguments(List.of())
            .environment(Map.of("B", "2"))
            .timeToStopInstance(600)
            .build();
    DefinitionMerge.Result result = DefinitionMerge.apply(CURRENT, change);
    assertThat(result.changed())
        .containsExactly(
            "description", "arguments", "environment_variables", "time_to_stop_instance");
    assertThat(result.definition().description()).isEqualTo("yours");
    assertThat(result.definition().arguments()).isEmpty();
    assertThat(result.definition().environmentVariables()).containsExactly(Map.entry("B", "2"));
    assertThat(result.definition().timeToStopInstance()).isEqualTo(600);
    assertThat(result.definition().command()).containsExactly("run");
    assertThat(result.definition().computeQueue()).isEqualTo("large");
  }

  @Test
  void valuesEqualToTheStoredOnesAreNoChange() {
    DefinitionChange same =
        DefinitionChanges.none()
            .description(CURRENT.description())
            .command(CURRENT.command())
            .resources(CURRENT.resources())
            .build();
    assertThat(DefinitionMerge.apply(CURRENT, same).changed()).isEmpty();
  }

  @Test
  void resourcesChangeFieldByField() {
    DefinitionChange change =
        DefinitionChanges.none().resources(new Resources(null, null, null, 4096, null)).build();
    DefinitionMerge.Result result = DefinitionMerge.apply(CURRENT, change);
    assertThat(result.changed()).containsExactly("resources");
    assertThat(result.definition().resources()).isEqualTo(new Resources(250, 2000, 256, 4096, 0));
  }

  @Test
  void aNewSourceIsAChangeAndTheSameIsNot() {
    DefinitionChange same =
        DefinitionChanges.none().source(new PodSource("localhost/app:1", null)).build();
    assertThat(DefinitionMerge.apply(CURRENT, same).changed()).isEmpty();

    Template web =
        new Template(
            "web",
            "",
            "localhost/web:2",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    DefinitionChange toTemplate =
        DefinitionChanges.none().source(new PodSource("localhost/web:2", web)).build();
    DefinitionMerge.Result result = DefinitionMerge.apply(CURRENT, toTemplate);
    assertThat(result.changed()).containsExactly("template");
    assertThat(result.definition().template()).isEqualTo("web");
    assertThat(result.definition().image()).isEqualTo("localhost/web:2");
    assertThat(result.definition().podTemplate()).isEqualTo("template/web");

    DefinitionChange toImage =
        DefinitionChanges.none().source(new PodSource("localhost/other:3", null)).build();
    DefinitionMerge.Result back = DefinitionMerge.apply(result.definition(), toImage);
    assertThat(back.changed()).containsExactly("image");
    assertThat(back.definition().template()).isNull();
    assertThat(back.definition().podTemplate()).isEqualTo("localhost/other:3");
  }

  @Test
  void mergesCompose() {
    // a template's fields first, then the user's: the user's win where both say something
    DefinitionChange template =
        DefinitionChanges.none()
            .description("from template")
            .command(List.of("serve"))
            .timeToStopDefault(3600)
            .build();
    DefinitionChange user = DefinitionChanges.none().description("from user").build();
    PodDefinition merged =
        DefinitionMerge.apply(DefinitionMerge.apply(CURRENT, template).definition(), user)
            .definition();
    assertThat(merged.description()).isEqualTo("from user");
    assertThat(merged.command()).containsExactly("serve");
    assertThat(merged.timeToStopDefault()).isEqualTo(3600);
  }

  @Test
  void wakeOnConnectIsMergedLikeEveryOtherField() {
    DefinitionMerge.Result result =
        DefinitionMerge.apply(CURRENT, DefinitionChanges.none().wakeOnConnect(true).build());
    assertThat(result.changed()).containsExactly("wake_on_connect");
    assertThat(result.definition().wakeOnConnect()).isTrue();
  }
}
