package io.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's HTTPValidationError {@code detail}, read from the words of Berth's refusals. */
class FieldErrorsTest {

  @Test
  void aNestedFieldIsLocatedInTheBody() {
    Envelope.FieldError error =
        FieldErrors.from("Field networking.default.port must be between 1 and 65535.").get(0);
    assertThat(error.loc()).containsExactly("body", "networking", "default", "port");
    assertThat(error.msg()).isEqualTo("Field networking.default.port must be between 1 and 65535.");
    assertThat(error.type()).isEqualTo("value_error");
  }

  @Test
  void indexesBecomeNumbersAndKindsAreNamed() {
    assertThat(FieldErrors.from("Field command[2] must not hold control characters.").get(0).loc())
        .isEqualTo(List.of("body", "command", 2));
    assertThat(FieldErrors.from("Field pod_id is required.").get(0).type()).isEqualTo("missing");
    assertThat(FieldErrors.from("Field colour: unknown field.").get(0).type())
        .isEqualTo("extra_forbidden");
  }

  @Test
  void parametersArePlacedInTheQueryAndOthersInTheBody() {
    assertThat(FieldErrors.from("Parameter limit must be a number.").get(0).loc())
        .containsExactly("query", "limit");
    assertThat(FieldErrors.from("The request body is not valid JSON.").get(0).loc())
        .containsExactly("body");
  }
}
