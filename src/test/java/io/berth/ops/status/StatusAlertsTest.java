package io.berth.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StatusAlertsTest {
  final List<AlertNotice> sent = new ArrayList<>();
  final AtomicBoolean maintenance = new AtomicBoolean();
  final AlertSender recorder =
      new AlertSender() {
        @Override
        public String type() {
          return "webhook";
        }

        @Override
        public void send(Notice notice) {
          sent.add((AlertNotice) notice);
        }
      };
  final StatusAlerts alerts =
      new StatusAlerts(Map.of("webhook", recorder), at -> maintenance.get());
  final CheckDefinition check =
      new CheckDefinition(
          "api",
          new CheckDefinition.Target.Tcp("h", 1),
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          List.of(),
          List.of(new CheckDefinition.AlertRule("webhook", 3, 2, true, "the API")));
  Instant t = Instant.parse("2026-11-25T00:00:00Z");

  void run(boolean up) {
    t = t.plusSeconds(10);
    alerts.record(
        check, new CheckResult("api", t, up, 5, up ? "ok" : "status 500 is not == 200", null));
  }

  @Test
  void triggersAfterTheFailureThresholdAndResolvesAfterTheSuccessThreshold() {
    run(false);
    run(false);
    assertThat(sent).isEmpty();
    run(false);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).resolved()).isFalse();
    assertThat(sent.get(0).failures()).isEqualTo(3);
    assertThat(sent.get(0).text()).contains("the API").contains("status 500 is not == 200");
    run(false);
    run(true);
    run(false); // a single success does not resolve, and the run of failures starts again
    run(true);
    assertThat(sent).hasSize(1);
    run(true);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).resolved()).isTrue();
    assertThat(sent.get(1).subject()).isEqualTo("[RESOLVED] Berth status check api is up again");
  }

  @Test
  void holdsAlertsDuringMaintenanceAndSendsThemIfTheFailureOutlastsIt() {
    maintenance.set(true);
    run(false);
    run(false);
    run(false);
    assertThat(sent).isEmpty();
    maintenance.set(false);
    run(false);
    assertThat(sent).hasSize(1);
  }

  @Test
  void noResolvedNoticeForAnAlertThatWasNeverSent() {
    maintenance.set(true);
    run(false);
    run(false);
    run(false);
    maintenance.set(false);
    run(true);
    run(true);
    assertThat(sent).isEmpty();
  }
}
