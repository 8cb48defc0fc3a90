package io.berth.ops.probe;

import io.berth.auth.BearerToken;
import io.berth.auth.Caller;
import io.berth.auth.OperatorToken;
import io.berth.auth.TokenValidator;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The probe for operators: {@code POST /ops/probe/run} runs it now and answers its report;
 * {@code GET /ops/probe} answers the last report. Allowed to the local operator (the token file in
 * BERTH_HOME, as `bin/berth probe` sends it) and to tenant admins.
 */
@RestController
class ProbeController {
  private final ProbeRunner runner;
  private final OperatorToken operator;
  private final TokenValidator tokens;

  ProbeController(ProbeRunner runner, OperatorToken operator, TokenValidator tokens) {
    this.runner = runner;
    this.operator = operator;
    this.tokens = tokens;
  }

  @PostMapping("/ops/probe/run")
  Envelope<ProbeReport> run(HttpServletRequest request) {
    authorize(request);
    ProbeReport report = runner.runNow();
    return Envelope.ok(report.ok() ? "The probe passed." : "The probe failed.", report);
  }

  /** The same run as plain text, one line per step, for `bin/berth probe` and terminals. */
  @PostMapping(value = "/ops/probe/run", produces = "text/plain")
  String runAsText(HttpServletRequest request) {
    authorize(request);
    ProbeReport report = runner.runNow();
    StringBuilder text = new StringBuilder();
    for (ProbeStep step : report.steps()) {
      text.append(String.format(
          java.util.Locale.ROOT, "%-4s %-14s %7d ms  %s%n", step.ok() ? "ok" : "FAIL", step.name(), step.millis(), step.detail()));
    }
    text.append(report.ok() ? "probe: passed" : "probe: FAILED").append('\n');
    return text.toString();
  }

  @GetMapping("/ops/probe")
  Envelope<ProbeReport> last(HttpServletRequest request) {
    authorize(request);
    ProbeReport report = runner.last();
    if (report == null) {
      throw ApiException.notFound("The probe has not run yet; POST /ops/probe/run runs it now.");
    }
    return Envelope.ok(report);
  }

  private void authorize(HttpServletRequest request) {
    if (operator.matches(request.getHeader(OperatorToken.HEADER))) {
      return;
    }
    String token = BearerToken.from(request);
    if (token == null) {
      throw ApiException.unauthorized(
          "Operations endpoints need the operator token (" + OperatorToken.HEADER + ") or a tenant admin's token.");
    }
    Caller caller;
    try {
      caller = tokens.validate(token);
    } catch (TokenValidator.InvalidTokenException e) {
      throw ApiException.unauthorized(e.getMessage());
    }
    if (!caller.isTenantAdmin()) {
      throw ApiException.forbidden("Only tenant admins and the local operator may run the probe.");
    }
  }
}
