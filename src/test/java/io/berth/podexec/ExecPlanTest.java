package io.berth.podexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.web.ApiException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecPlanTest {
  final PodExecProperties limits = new PodExecProperties(3, Duration.ofMinutes(10), null, null);

  @Test
  void aListOfStringsIsOneCommandAndAListOfListsSeveral() {
    ExecPlan one = ExecPlan.of(new ExecRequest(List.of("ls", "-l"), null, null, null), limits);
    assertThat(one.commands()).containsExactly(List.of("ls", "-l"));
    assertThat(one.commandTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(one.totalTimeout()).isEqualTo(Duration.ofSeconds(300));
    assertThat(one.failOnNonSuccess()).isTrue();
    ExecPlan two =
        ExecPlan.of(new ExecRequest(List.of(List.of("ls"), List.of("pwd")), 20, 5, false), limits);
    assertThat(two.commands()).containsExactly(List.of("ls"), List.of("pwd"));
    assertThat(two.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(two.totalTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(two.failOnNonSuccess()).isFalse();
  }

  @Test
  void refusalsNameTheField() {
    assertRefused(new ExecRequest(null, null, null, null), "Field commands is required");
    assertRefused(new ExecRequest("ls", null, null, null), "Field commands must be");
    assertRefused(new ExecRequest(List.of(List.of("ls"), "pwd"), null, null, null), "commands[1]");
    assertRefused(new ExecRequest(List.of(List.of()), null, null, null), "commands[0] must name");
    assertRefused(new ExecRequest(List.of("ls", 3), null, null, null), "commands[1] must be");
    assertRefused(new ExecRequest(List.of("a\0b"), null, null, null), "NUL");
    assertRefused(
        new ExecRequest(
            List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d")), null, null, null),
        "at most 3");
    assertRefused(new ExecRequest(List.of("ls"), null, 0, null), "command_timeout");
    assertRefused(new ExecRequest(List.of("ls"), 601, null, null), "total_timeout");
    assertRefused(new ExecRequest(List.of("ls"), null, 1.5, null), "command_timeout");
    assertRefused(new ExecRequest(List.of("ls"), null, null, "yes"), "fail_on_non_success");
  }

  @Test
  void destinationPathsAreAbsoluteFilePathsWithoutDotSegments() {
    assertThat(DestinationPath.check("/tmp/a b/c.txt")).isEqualTo("/tmp/a b/c.txt");
    for (String bad :
        new String[] {"", "tmp/x", "/tmp/../x", "/tmp/./x", "/tmp//x", "/tmp/", "/", "/a\0b"}) {
      assertThatThrownBy(() -> DestinationPath.check(bad))
          .as(bad)
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("dest_path");
    }
    assertThatThrownBy(() -> DestinationPath.check("/" + "n".repeat(256)))
        .hasMessageContaining("255 bytes");
  }

  private void assertRefused(ExecRequest request, String message) {
    assertThatThrownBy(() -> ExecPlan.of(request, limits))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(message);
  }
}
