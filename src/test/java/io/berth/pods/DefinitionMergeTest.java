package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.templates.Resources;
import io.berth.templates.Template;
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
          .networking(Map.of("default", PodDefinitions.http(5000)))
          .resources(new Resources(250, 2000, 256, 3072, 0))
          .computeQueue("large")
          .build();

  static DefinitionChange nothing() {
    return new DefinitionChange(null, null, null, null, null, null, null, null, null, null);
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
        new DefinitionChange(
            null, "yours", null, List.of(), Map.of("B", "2"), null, null, null, null, 600);
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
        new DefinitionChange(
            null,
            CURRENT.description(),
            CURRENT.command(),
            null,
            null,
            null,
            CURRENT.resources(),
            null,
            null,
            null);
    assertThat(DefinitionMerge.apply(CURRENT, same).changed()).isEmpty();
  }

  @Test
  void resourcesChangeFieldByField() {
    DefinitionChange change =
        new DefinitionChange(
            null,
            null,
            null,
            null,
            null,
            null,
            new Resources(null, null, null, 4096, null),
            null,
            null,
            null);
    DefinitionMerge.Result result = DefinitionMerge.apply(CURRENT, change);
    assertThat(result.changed()).containsExactly("resources");
    assertThat(result.definition().resources()).isEqualTo(new Resources(250, 2000, 256, 4096, 0));
  }

  @Test
  void aNewSourceIsAChangeAndTheSameIsNot() {
    DefinitionChange same =
        new DefinitionChange(
            new PodSource("localhost/app:1", null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
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
            null);
    DefinitionChange toTemplate =
        new DefinitionChange(
            new PodSource("localhost/web:2", web),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    DefinitionMerge.Result result = DefinitionMerge.apply(CURRENT, toTemplate);
    assertThat(result.changed()).containsExactly("template");
    assertThat(result.definition().template()).isEqualTo("web");
    assertThat(result.definition().image()).isEqualTo("localhost/web:2");
    assertThat(result.definition().podTemplate()).isEqualTo("template/web");

    DefinitionChange toImage =
        new DefinitionChange(
            new PodSource("localhost/other:3", null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    DefinitionMerge.Result back = DefinitionMerge.apply(result.definition(), toImage);
    assertThat(back.changed()).containsExactly("image");
    assertThat(back.definition().template()).isNull();
    assertThat(back.definition().podTemplate()).isEqualTo("localhost/other:3");
  }

  @Test
  void mergesCompose() {
    // a template's fields first, then the user's: the user's win where both say something
    DefinitionChange template =
        new DefinitionChange(
            null, "from template", List.of("serve"), null, null, null, null, null, 3600, null);
    DefinitionChange user =
        new DefinitionChange(null, "from user", null, null, null, null, null, null, null, null);
    PodDefinition merged =
        DefinitionMerge.apply(DefinitionMerge.apply(CURRENT, template).definition(), user)
            .definition();
    assertThat(merged.description()).isEqualTo("from user");
    assertThat(merged.command()).containsExactly("serve");
    assertThat(merged.timeToStopDefault()).isEqualTo(3600);
  }
}
