package io.berth.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import tools.jackson.databind.json.JsonMapper;

/** What a client is told when its JSON body has the wrong shape. */
class JsonProblemTest {
  final JsonMapper json = JsonMapper.builder().build();

  String problem(String body, Class<?> target) {
    Exception cause = catchThrowableOfType(Exception.class, () -> json.readValue(body, target));
    return JsonProblem.describe(
        new HttpMessageNotReadableException(
            "unreadable", cause, new MockHttpInputMessage(body.getBytes())));
  }

  @Test
  void aBodyOfTheWrongKindSaysWhichKindWasExpected() {
    assertThat(problem("{}", List.class)).isEqualTo("The request body must be a JSON array.");
    assertThat(problem("[]", Map.class)).isEqualTo("The request body must be a JSON object.");
  }
}
