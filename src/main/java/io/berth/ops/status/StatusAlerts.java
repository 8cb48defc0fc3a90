package io.berth.ops.status;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a check's results into alerts: after failure-threshold failures in a row an alert is
 * triggered, after success-threshold successes it is resolved (with a notice when asked). Nothing
 * is sent inside a maintenance window, and a resolved notice only follows a sent alert.
 */
final class StatusAlerts {
  private static final Logger log = LoggerFactory.getLogger(StatusAlerts.class);

  private final Map<String, AlertSender> senders;
  private final Predicate<Instant> inMaintenance;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  StatusAlerts(Map<String, AlertSender> senders, Predicate<Instant> inMaintenance) {
    this.senders = senders;
    this.inMaintenance = inMaintenance;
  }

  /** Per check and alert rule: the run of failures or successes and whether an alert is open. */
  private static final class State {
    int failures;
    int successes;
    boolean triggered;
    boolean sent;
  }

  /** Called by the one thread that runs a given check, so per-check state needs no locking. */
  void record(CheckDefinition check, CheckResult result) {
    for (int i = 0; i < check.alerts().size(); i++) {
      CheckDefinition.AlertRule rule = check.alerts().get(i);
      State s = states.computeIfAbsent(check.name() + "#" + i, k -> new State());
      if (result.up()) {
        s.failures = 0;
        s.successes++;
        if (s.triggered && s.successes >= rule.successThreshold()) {
          s.triggered = false;
          if (s.sent && rule.sendOnResolved()) {
            deliver(
                rule,
                new AlertNotice(
                    check.name(), true, rule.description(), result.detail(), 0, result.at()));
          }
          s.sent = false;
        }
      } else {
        s.successes = 0;
        s.failures++;
        if (!s.triggered && s.failures >= rule.failureThreshold()) {
          s.triggered = true;
        }
        // sent once; retried on the next failure when delivery failed or a maintenance window held
        // it
        if (s.triggered && !s.sent && !inMaintenance.test(result.at())) {
          s.sent =
              deliver(
                  rule,
                  new AlertNotice(
                      check.name(),
                      false,
                      rule.description(),
                      result.detail(),
                      s.failures,
                      result.at()));
        }
      }
    }
  }

  private boolean deliver(CheckDefinition.AlertRule rule, AlertNotice notice) {
    AlertSender sender = senders.get(rule.type());
    try {
      sender.send(notice);
      log.info("Status alert sent by {}: {}", rule.type(), notice.subject());
      return true;
    } catch (Exception e) {
      log.warn("Status alert by {} could not be sent: {}", rule.type(), e.getMessage());
      return false;
    }
  }
}
