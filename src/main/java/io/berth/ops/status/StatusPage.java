package io.berth.ops.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders the status page: a summary, one row per check with its recent history and uptime. Times
 * read as people read them ({@code 2026-11-25 10:00:00 UTC}); a check's target shows only when the
 * API gives one (berth.status.show-targets).
 */
@Component
class StatusPage {
  private static final int BARS = 40;
  private static final DateTimeFormatter HUMAN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  String render(
      List<StatusController.CheckView> checks,
      StatusController.ProbeView probe,
      boolean maintenance,
      Instant now,
      BiFunction<String, Integer, List<StatusController.ResultView>> history) {
    long down = checks.stream().filter(c -> Boolean.FALSE.equals(c.up())).count();
    // the probe exercises the whole path a user takes: its failure is an outage too
    String probeFailing = probe != null && !probe.ok() ? "the end-to-end probe is failing" : null;
    String summary;
    if (maintenance) {
      summary = "<div class=\"banner maint\">Maintenance in progress: alerts are held.</div>";
    } else if (down == 0 && probeFailing == null) {
      summary = "<div class=\"banner ok\">All systems operational</div>";
    } else {
      String checksFailing = down == 0 ? null : down + " of " + checks.size() + " checks failing";
      summary =
          "<div class=\"banner bad\">"
              + HtmlUtils.htmlEscape(
                  checksFailing == null
                      ? probeFailing
                      : probeFailing == null ? checksFailing : checksFailing + "; " + probeFailing)
              + "</div>";
    }
    StringBuilder rows = new StringBuilder();
    for (StatusController.CheckView c : checks) {
      List<StatusController.ResultView> recent =
          new java.util.ArrayList<>(history.apply(c.name(), BARS));
      Collections.reverse(recent);
      StringBuilder bars = new StringBuilder();
      for (StatusController.ResultView r : recent) {
        bars.append("<span class=\"bar ")
            .append(r.up() ? "up" : "down")
            .append("\" title=\"")
            .append(
                HtmlUtils.htmlEscape(
                    human(r.at()) + " · " + r.durationMs() + " ms · " + r.detail()))
            .append("\"></span>");
      }
      String state = c.up() == null ? "pending" : c.up() ? "up" : "down";
      rows.append("<tr><td><span class=\"dot ")
          .append(state)
          .append("\"></span>")
          .append(HtmlUtils.htmlEscape(c.name()))
          .append("<div class=\"sub\">")
          .append(c.target() == null ? "" : HtmlUtils.htmlEscape(c.target()) + " ")
          .append("every ")
          .append(HtmlUtils.htmlEscape(c.interval()))
          .append("</div></td><td class=\"bars\">")
          .append(bars)
          .append("</td>");
      uptimeCells(rows, c.uptime());
      rows.append("<td class=\"sub\">")
          .append(
              c.detail() == null
                  ? "not run yet"
                  : HtmlUtils.htmlEscape(c.detail())
                      + " ("
                      + c.durationMs()
                      + " ms, "
                      + human(c.lastRun())
                      + ")")
          .append("</td></tr>\n");
    }
    StringBuilder probeRows = new StringBuilder();
    if (probe == null) {
      probeRows.append("<p class=\"sub\">The end-to-end probe has not run yet.</p>");
    } else {
      probeRows
          .append("<p class=\"sub\">Last run ")
          .append(HtmlUtils.htmlEscape(human(probe.startedAt())))
          .append(probe.ok() ? ": passed." : ": <b>failed</b>.")
          .append(
              "</p><table><thead><tr><th>Step</th><th class=\"num\">24 h</th><th class=\"num\">7 d</th>")
          .append("<th class=\"num\">30 d</th><th>Last result</th></tr></thead><tbody>");
      for (StatusController.ProbeStepView step : probe.steps()) {
        probeRows
            .append("<tr><td><span class=\"dot ")
            .append(step.ok() ? "up" : "down")
            .append("\"></span>")
            .append(HtmlUtils.htmlEscape(step.name()))
            .append("</td>");
        uptimeCells(probeRows, step.uptime());
        probeRows
            .append("<td class=\"sub\">")
            .append(HtmlUtils.htmlEscape(step.detail()))
            .append(" (")
            .append(step.durationMs())
            .append(" ms)</td></tr>");
      }
      probeRows.append("</tbody></table>");
    }
    return """
    <!doctype html><html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="refresh" content="30"><title>Berth status</title>
    <style>
    body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#24292e;padding:0 1em}
    h1{font-size:1.5em} h2{font-size:1.15em;margin-top:2em} .banner{padding:.8em 1em;border-radius:6px;color:#fff;font-weight:600;margin:1em 0}
    .ok{background:#2ea44f}.bad{background:#d73a49}.maint{background:#0366d6}
    table{border-collapse:collapse;width:100%} td,th{padding:.5em;border-bottom:1px solid #eaecef;text-align:left;vertical-align:top}
    .num{text-align:right;white-space:nowrap}.sub{color:#6a737d;font-size:.85em}
    .dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.5em}
    .dot.up{background:#2ea44f}.dot.down{background:#d73a49}.dot.pending{background:#6a737d}
    .bar{display:inline-block;width:6px;height:22px;margin-right:1px;border-radius:1px}
    .bar.up{background:#2ea44f}.bar.down{background:#d73a49}
    </style></head><body><h1>Berth status</h1>
    @SUMMARY@
    <table><thead><tr><th>Check</th><th>Recent runs</th><th class="num">24 h</th><th class="num">7 d</th>
    <th class="num">30 d</th><th>Last result</th></tr></thead><tbody>
    @ROWS@</tbody></table>
    <h2>End-to-end probe</h2>
    @PROBE@
    <p class="sub">Updated @NOW@. JSON: <a href="/status/api/checks">/status/api/checks</a>.
    Badges: /status/badges/{check}/health.svg, uptime-24h.svg, uptime-7d.svg, uptime-30d.svg.</p>
    </body></html>
    """
        .replace("@SUMMARY@", summary)
        .replace("@ROWS@", rows)
        .replace("@PROBE@", probeRows)
        .replace("@NOW@", HUMAN.format(now));
  }

  /** An ISO-8601 instant as the page shows it; anything else as it is. */
  static String human(String iso) {
    if (iso == null) {
      return "";
    }
    try {
      return HUMAN.format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** The 24 h, 7 d and 30 d uptime cells of a row, "-" where there is no result yet. */
  private static void uptimeCells(StringBuilder row, Map<String, Double> uptime) {
    for (String period : List.of("24h", "7d", "30d")) {
      Double u = uptime.get(period);
      row.append("<td class=\"num\">").append(u == null ? "-" : Badges.percent(u)).append("</td>");
    }
  }
}
