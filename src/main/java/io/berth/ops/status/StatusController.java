package io.berth.ops.status;

import io.berth.auth.BearerToken;
import io.berth.auth.TokenValidator;
import io.berth.ops.probe.ProbeReport;
import io.berth.ops.probe.ProbeRunner;
import io.berth.ops.probe.ProbeStep;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The status page: {@code /status} (HTML), {@code /status/api/checks} and {@code
 * /status/api/checks/{name}} (JSON in the API's envelope), and SVG badges at {@code
 * /status/badges/{name}/health.svg} and {@code .../uptime-24h.svg} (7d, 30d). Public by default;
 * with {@code berth.status.public-page=false} a valid token is required. What a check reaches
 * (often an internal address) is shown only with {@code berth.status.show-targets=true}, and is
 * then also kept out of the failure details; times are to the second.
 */
@RestController
class StatusController {
  private static final Map<String, Duration> PERIODS =
      Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

  private final StatusEngine engine;
  private final TokenValidator tokens;
  private final StatusPage page;
  private final ProbeRunner probe;

  StatusController(StatusEngine engine, TokenValidator tokens, StatusPage page, ProbeRunner probe) {
    this.engine = engine;
    this.tokens = tokens;
    this.page = page;
    this.probe = probe;
  }

  /** The probe's last run on the page and in the API, each step with its uptime. */
  record ProbeView(String startedAt, boolean ok, List<ProbeStepView> steps) {}

  record ProbeStepView(
      String name, boolean ok, long durationMs, String detail, Map<String, Double> uptime) {}

  /** One check as the API and the page show it. */
  record CheckView(
      String name,
      String target,
      String interval,
      List<String> conditions,
      Boolean up,
      String lastRun,
      Long durationMs,
      String detail,
      Map<String, Double> uptime) {}

  record ResultView(String at, boolean up, long durationMs, String detail) {}

  @GetMapping(value = "/status", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> html(HttpServletRequest request) {
    authorize(request);
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
        .body(
            page.render(views(), probeView(), engine.inMaintenance(), engine.now(), this::history));
  }

  @GetMapping("/status/api/probe")
  Envelope<ProbeView> probe(HttpServletRequest request) {
    authorize(request);
    ProbeView view = probeView();
    if (view == null) {
      throw ApiException.notFound("The end-to-end probe has not run yet.");
    }
    return Envelope.ok(view);
  }

  private ProbeView probeView() {
    ProbeReport report = probe.last();
    if (report == null) {
      return null;
    }
    List<ProbeStepView> steps = new ArrayList<>();
    for (ProbeStep step : report.steps()) {
      steps.add(
          new ProbeStepView(
              step.name(),
              step.ok(),
              step.millis(),
              step.detail(),
              uptime(StatusEngine.PROBE_PREFIX + step.name())));
    }
    return new ProbeView(time(report.startedAt()), report.ok(), steps);
  }

  private Map<String, Double> uptime(String check) {
    Instant now = engine.now();
    Map<String, Double> uptime = new LinkedHashMap<>();
    for (String period : List.of("24h", "7d", "30d")) {
      uptime.put(period, engine.results().uptime(check, now.minus(PERIODS.get(period))));
    }
    return uptime;
  }

  @GetMapping("/status/api/checks")
  Envelope<List<CheckView>> checks(HttpServletRequest request) {
    authorize(request);
    return Envelope.ok(views());
  }

  @GetMapping("/status/api/checks/{name}")
  Envelope<Map<String, Object>> check(
      HttpServletRequest request,
      @PathVariable String name,
      @RequestParam(defaultValue = "100") String limit) {
    authorize(request);
    CheckDefinition check = find(name);
    int n;
    try {
      n = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit: a whole number from 1 to 1000");
    }
    if (n < 1 || n > 1000) {
      throw ApiException.badRequest("limit: a whole number from 1 to 1000");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("check", view(check));
    result.put("history", history(check.name(), n));
    return Envelope.ok(result);
  }

  @GetMapping(value = "/status/badges/{name}/{badge}.svg", produces = "image/svg+xml")
  ResponseEntity<String> badge(
      HttpServletRequest request, @PathVariable String name, @PathVariable String badge) {
    authorize(request);
    CheckDefinition check = find(name);
    String svg;
    if (badge.equals("health")) {
      CheckResult last = engine.latest(check.name());
      svg =
          last == null
              ? Badges.svg(check.name(), "unknown", Badges.GREY)
              : Badges.svg(
                  check.name(), last.up() ? "up" : "down", last.up() ? Badges.GREEN : Badges.RED);
    } else if (badge.startsWith("uptime-") && PERIODS.containsKey(badge.substring(7))) {
      Double uptime =
          engine
              .results()
              .uptime(check.name(), engine.now().minus(PERIODS.get(badge.substring(7))));
      svg =
          uptime == null
              ? Badges.svg("uptime " + badge.substring(7), "no data", Badges.GREY)
              : Badges.svg(
                  "uptime " + badge.substring(7), Badges.percent(uptime), Badges.forUptime(uptime));
    } else {
      throw ApiException.notFound(
          "badge: health, uptime-24h, uptime-7d or uptime-30d, not '" + badge + "'");
    }
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(svg);
  }

  private List<CheckView> views() {
    List<CheckView> views = new ArrayList<>();
    for (CheckDefinition check : engine.checks()) {
      views.add(view(check));
    }
    return views;
  }

  private CheckView view(CheckDefinition check) {
    CheckResult last = engine.latest(check.name());
    Map<String, Double> uptime = uptime(check.name());
    return new CheckView(
        check.name(),
        engine.showTargets() ? describe(check.target()) : null,
        check.interval().toString().substring(2).toLowerCase(java.util.Locale.ROOT),
        check.conditions().stream().map(Condition::text).toList(),
        last == null ? null : last.up(),
        last == null ? null : time(last.at()),
        last == null ? null : last.millis(),
        last == null ? null : detail(check.name(), last.detail()),
        uptime);
  }

  private List<ResultView> history(String check, int limit) {
    return engine.results().recent(check, limit).stream()
        .map(r -> new ResultView(time(r.at()), r.up(), r.millis(), detail(check, r.detail())))
        .toList();
  }

  /** ISO-8601 to the second: the stored nanoseconds mean nothing to a reader. */
  static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A failure's words without the hidden target's host and port ("Connection refused: host"). */
  private String detail(String check, String detail) {
    if (detail == null || engine.showTargets()) {
      return detail;
    }
    String hidden = detail;
    for (CheckDefinition c : engine.checks()) {
      if (c.name().equals(check)) {
        for (String part : TargetAddress.parts(c.target())) {
          hidden = hidden.replace(part, "[target]");
        }
      }
    }
    return hidden;
  }

  /** The target without credentials or query (they may hold secrets). */
  private static String describe(CheckDefinition.Target target) {
    return switch (target) {
      case CheckDefinition.Target.Http h ->
          h.uri().getScheme()
              + "://"
              + h.uri().getHost()
              + (h.uri().getPort() > 0 ? ":" + h.uri().getPort() : "")
              + (h.uri().getPath() == null ? "" : h.uri().getPath());
      case CheckDefinition.Target.Tcp t -> "tcp://" + t.host() + ":" + t.port();
      case CheckDefinition.Target.Internal i -> "berth://" + i.component();
    };
  }

  private CheckDefinition find(String name) {
    return engine.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("No status check named '" + name + "'."));
  }

  private void authorize(HttpServletRequest request) {
    if (engine.publicPage()) {
      return;
    }
    String token = BearerToken.from(request);
    if (token == null) {
      throw ApiException.unauthorized(
          "The status page needs a token: send it in X-Tapis-Token or Authorization: Bearer.");
    }
    try {
      tokens.validate(token);
    } catch (TokenValidator.InvalidTokenException e) {
      throw ApiException.unauthorized(e.getMessage());
    }
  }
}
