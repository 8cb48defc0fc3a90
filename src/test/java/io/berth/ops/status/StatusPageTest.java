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
  void timesReadAsPeopleReadThem() {
    StatusController.CheckView ran =
        new StatusController.CheckView(
            "api",
            null,
            "30s",
            List.of(),
            true,
            "2026-11-25T09:59:30.123456789Z",
            3L,
            "status 200",
            Map.of());
    String html =
        page.render(
            List.of(ran),
            null,
            false,
            now.plusNanos(987654321),
            (name, n) ->
                List.of(
                    new StatusController.ResultView(
                        "2026-11-25T09:59:30.123456789Z", true, 3, "status 200")));
    assertThat(html)
        .contains("2026-11-25 09:59:30 UTC") // the last run and the bar's title
        .contains("Updated 2026-11-25 10:00:00 UTC")
        .doesNotContain("123456789")
        .doesNotContain("987654321");
  }

  @Test
  void aHiddenTargetIsNotShown() {
    StatusController.CheckView hidden =
        new StatusController.CheckView(
            "api", null, "30s", List.of(), true, now.toString(), 3L, "ok", Map.of());
    assertThat(render(List.of(hidden), null)).contains("every 30s").doesNotContain("null");
    assertThat(render(List.of(check("api", true, "ok")), null)).contains("tcp://127.0.0.1:1");
  }

  @Test
  void namesAndDetailsAreEscaped() {
    assertThat(render(List.of(check("<script>", false, "\"<b>\"")), null))
        .doesNotContain("<script>")
        .contains("&lt;script&gt;");
  }
}
