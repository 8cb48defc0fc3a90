package io.berth.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  static String random(int n) {
    return "r".repeat(n);
  }

  @Test
  void findsBerthsPlaceholdersAndLeavesAShellsAlone() {
    assertThat(
            Placeholders.in(
                "command[2]",
                "psql ${HOME} ${pods:random:16} ${pods:value:DB:-lab} ${user_password}"))
        .containsExactly("${pods:random:16}", "${pods:value:DB:-lab}");
    assertThat(Placeholders.in("x", "no placeholders $HOME")).isEmpty();
  }

  @Test
  void anUnknownPlaceholderOrABadLengthIsA400NamingTheField() {
    assertThatThrownBy(() -> Placeholders.in("environment_variables.A", "${pods:secret}"))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith(
            "Field environment_variables.A: unknown placeholder ${pods:secret}");
    assertThatThrownBy(() -> Placeholders.in("command[0]", "${pods:random:4}"))
        .hasMessageContaining("command[0]")
        .hasMessageContaining("8 to 128");
  }

  @Test
  void resolvesGeneratedGivenAndDefaultValuesOnceAndNamesAMissingOne() {
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put("${pods:random:12}", "environment_variables.PASS");
    wanted.put("${pods:value:DB:-lab}", "environment_variables.DB");
    wanted.put("${pods:value:TOKEN}", "arguments[0]");
    wanted.put("${pods:random:9:old}", "command[0]");

    Map<String, String> values =
        Placeholders.resolve(
            wanted,
            Map.of("${pods:random:9:old}", "kept"),
            Map.of("TOKEN", "t0k"),
            PlaceholdersTest::random);
    assertThat(values)
        .containsExactly(
            Map.entry("${pods:random:12}", "rrrrrrrrrrrr"),
            Map.entry("${pods:value:DB:-lab}", "lab"),
            Map.entry("${pods:value:TOKEN}", "t0k"));

    assertThatThrownBy(() -> Placeholders.resolve(wanted, Map.of(), Map.of(), n -> "x"))
        .isInstanceOf(ApiException.class)
        .hasMessage(
            "Field placeholder_values.TOKEN is required: arguments[0] uses ${pods:value:TOKEN}.");
  }

  @Test
  void expandsKnownValuesOnly() {
    assertThat(
            Placeholders.expand(
                "postgres://u:${pods:random:12}@db/${pods:value:X}",
                Map.of("${pods:random:12}", "s3$cr\\t")))
        .isEqualTo("postgres://u:s3$cr\\t@db/${pods:value:X}");
  }
}
