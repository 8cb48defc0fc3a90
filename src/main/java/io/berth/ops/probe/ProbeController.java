package io.berth.ops.probe;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The probe for operators: {@code POST /v3/admin/probe/run} runs it now and answers its report
 * (JSON, or text for `bin/berth probe`); {@code GET /v3/admin/probe} answers the last report.
 * Allowed to `bin/berth` (the admin token in BERTH_HOME) and admins of the site's tenant.
 */
@RestController
class ProbeController {
  private final ProbeRunner runner;
  private final SiteAdmin admins;

  ProbeController(ProbeRunner runner, SiteAdmin admins) {
    this.runner = runner;
    this.admins = admins;
  }

  @PostMapping("/v3/admin/probe/run")
  Envelope<ProbeReport> run(Caller caller) {
    admins.require(caller);
    ProbeReport report = runner.runNow();
    return Envelope.ok(report.ok() ? "The probe passed." : "The probe failed.", report);
  }

  /** The same run as plain text, one line per step, for `bin/berth probe` and terminals. */
  @PostMapping(value = "/v3/admin/probe/run", produces = "text/plain")
  String runAsText(Caller caller) {
    admins.require(caller);
    ProbeReport report = runner.runNow();
    StringBuilder text = new StringBuilder();
    for (ProbeStep step : report.steps()) {
      text.append(
          String.format(
              java.util.Locale.ROOT,
              "%-4s %-14s %7d ms  %s%n",
              step.ok() ? "ok" : "FAIL",
              step.name(),
              step.millis(),
              step.detail()));
    }
    text.append(report.ok() ? "probe: passed" : "probe: FAILED").append('\n');
    return text.toString();
  }

  @GetMapping("/v3/admin/probe")
  Envelope<ProbeReport> last(Caller caller) {
    admins.require(caller);
    ProbeReport report = runner.last();
    if (report == null) {
      throw ApiException.notFound(
          "The probe has not run yet; POST /v3/admin/probe/run runs it now.");
    }
    return Envelope.ok(report);
  }
}
