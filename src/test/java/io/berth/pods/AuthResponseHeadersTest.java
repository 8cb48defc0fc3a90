package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.web.ApiException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthResponseHeadersTest {
  @Test
  void placeholdersAreFilledAndControlCharactersDropped() {
    assertThat(
            AuthResponseHeaders.expand(
                Map.of("X-Tapis-Username", "<<tapisusername>>@<<tenant>>.<<site>>"),
                "ali\r\nce",
                "default",
                "tacc"))
        .containsExactly(Map.entry("X-Tapis-Username", "alice@default.tacc"));
  }

  @Test
  void namesCarryingCredentialsOrFramingAndBadValuesAreRefusedNamingTheField() {
    for (String name :
        java.util.List.of(
            "Authorization", "cookie", "X-Tapis-Token", "Host", "X-Forwarded-For", "bad name")) {
      assertThatThrownBy(() -> AuthResponseHeaders.check("networking.default", Map.of(name, "x")))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("networking.default.tapis_auth_response_headers");
    }
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("X-User", null);
    for (Map<String, String> bad : java.util.List.of(Map.of("X-User", "a\nb"), nullValue)) {
      assertThatThrownBy(() -> AuthResponseHeaders.check("networking.default", bad))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("tapis_auth_response_headers.X-User");
    }
    assertThat(AuthResponseHeaders.check("networking.default", Map.of("X-User", "<<tenant>>")))
        .containsEntry("X-User", "<<tenant>>");
  }
}
