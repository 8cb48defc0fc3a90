package io.berth.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page's summary banner and what it escapes. */
class StatusPageTest {
  final StatusPage page = new StatusPage();
  final Instant now = Instant.parse("2026-11-25T10:00:00Z");

  StatusController.CheckView check(String name, Boolean up, String detail) {
    return new StatusController.CheckView(
        name,
        "tcp://127.0.0.1:1",
        "30s",
        List.of(),
        up,
        now.toString(),
        3L,
        detail,
        Map.of("24h", 1.0));
  }

  StatusController.ProbeView probe(boolean ok) {
    return new StatusController.ProbeView(
        now.toString(),
        ok,
        List.of(new StatusController.ProbeStepView("proxy", ok, 12, ok ? "ok" : "503", Map.of())));
  }

  String render(List<StatusController.CheckView> checks, StatusController.ProbeView probe) {
    return page.render(checks, probe, false, now, (name, n) -> List.of());
  }

  @Test
  void allUpAndAPassingProbeIsOperational() {
    assertThat(render(List.of(check("api", true, "ok")), probe(true)))
        .contains("All systems operational");
    assertThat(render(List.of(check("api", true, "ok")), null)).contains("All systems operational");
  }

  @Test
  void aFailingProbeIsAnOutageEvenWithEveryCheckUp() {
    assertThat(render(List.of(check("api", true, "ok")), probe(false)))
        .doesNotContain("All systems operational")
        .contains("the end-to-end probe is failing");
    assertThat(render(List.of(check("api", false, "down"), check("db", true, "ok")), probe(false)))
        .contains("1 of 2 checks failing; the end-to-end probe is failing");
  }

  @Test
  void namesAndDetailsAreEscaped() {
    assertThat(render(List.of(check("<script>", false, "\"<b>\"")), null))
        .doesNotContain("<script>")
        .contains("&lt;script&gt;");
  }
}
