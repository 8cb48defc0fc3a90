package io.berth.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tapis's rule on descriptions: ASCII, at most 255 characters, the field named. */
class DescriptionsTest {

  @Test
  void asciiUpTo255CharactersIsKeptAndNoneIsEmpty() {
    assertThat(Descriptions.check("description", "a lab's web app (v2)"))
        .isEqualTo("a lab's web app (v2)");
    assertThat(Descriptions.check("description", "x".repeat(255))).hasSize(255);
    assertThat(Descriptions.check("description", null)).isEmpty();
  }

  @Test
  void nonAsciiIsRefusedInTapissWordsNamingTheField() {
    assertThatThrownBy(() -> Descriptions.check("description", "café"))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("Field description: ")
        .hasMessageContaining("description field may only contain ASCII characters (U+00E9 at 3)");
    assertThatThrownBy(
            () -> Descriptions.check("networking.default.tapis_ui_uri_description", "日本"))
        .hasMessageStartingWith("Field networking.default.tapis_ui_uri_description: ")
        .hasMessageContaining("tapis_ui_uri_description field may only contain ASCII");
    assertThatThrownBy(() -> Descriptions.check("description", "x".repeat(256)))
        .hasMessage(
            "Field description: description field must be less than 255 characters. Inputted"
                + " length: 256 (at most 255).");
    assertThat(Descriptions.check("description", "x".repeat(255))).hasSize(255);
  }
}
