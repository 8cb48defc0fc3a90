package io.berth.ops.status;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Stops Berth with the configuration mistake in plain words instead of a stack of bean errors. */
class StatusConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidStatusConfigException> {
  @Override
  protected FailureAnalysis analyze(Throwable root, InvalidStatusConfigException cause) {
    return new FailureAnalysis(
        "The status configuration is invalid: " + cause.getMessage(),
        "Fix the file named by BERTH_STATUS_CONFIG (berth.status.config); see the README's \"Status page\" section.",
        cause);
  }
}
