package io.berth.ops.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class StatusConfigLoaderTest {

  @Test
  void readsChecksConditionsAlertsAndMaintenance() {
    StatusConfig config =
        StatusConfigLoader.parse(
            """
            checks:
              - name: portal
                url: https://portal.example.org/health
                interval: 30s
                timeout: 5s
                conditions:
                  - "[STATUS] == 200"
                  - "[RESPONSE_TIME] < 500"
                  - "[BODY].status == UP"
                  - "[BODY].items[0].ok == true"
                  - "[CERTIFICATE_EXPIRATION] > 48h"
                alerts:
                  - type: webhook
                    failure-threshold: 2
                    success-threshold: 1
                    description: the portal
              - name: db
                url: tcp://db.example.org:5432
            alerting:
              webhook:
                url: https://hooks.example.org/x
                headers: {Authorization: "Bearer s"}
            maintenance:
              - start: "23:00"
                duration: 2h
                timezone: Europe/Paris
                every: [Sunday]
            """);
    assertThat(config.checks()).hasSize(2);
    CheckDefinition portal = config.checks().get(0);
    assertThat(portal.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(portal.conditions()).hasSize(5);
    assertThat(portal.conditions().get(2))
        .isEqualTo(new Condition.BodyPath("/status", "==", "UP", "[BODY].status == UP"));
    assertThat(portal.conditions().get(3))
        .isInstanceOf(Condition.BodyPath.class)
        .extracting("pointer")
        .isEqualTo("/items/0/ok");
    assertThat(portal.alerts())
        .containsExactly(new CheckDefinition.AlertRule("webhook", 2, 1, true, "the portal"));
    CheckDefinition db = config.checks().get(1);
    assertThat(db.target()).isEqualTo(new CheckDefinition.Target.Tcp("db.example.org", 5432));
    assertThat(db.conditions()).extracting(Condition::text).containsExactly("[CONNECTED] == true");
    assertThat(config.maintenance().get(0))
        .isEqualTo(
            new MaintenanceWindow(
                LocalTime.of(23, 0),
                Duration.ofHours(2),
                ZoneId.of("Europe/Paris"),
                EnumSet.of(DayOfWeek.SUNDAY)));
  }

  @Test
  void refusesUnknownKeysNamingThem() {
    assertThatThrownBy(() ->
            StatusConfigLoader.parse(
                "checks:\n  - name: a\n    url: http://x/\n    intervall: 5s\n"))
        .isInstanceOf(InvalidStatusConfigException.class)
        .hasMessageContaining("checks[0]: unknown key 'intervall'");
    assertThatThrownBy(() -> StatusConfigLoader.parse("chekcs: []\n"))
        .hasMessageContaining("(top level): unknown key 'chekcs'");
    assertThatThrownBy(() ->
            StatusConfigLoader.parse("alerting:\n  webhook:\n    url: http://x/\n    secret: y\n"))
        .hasMessageContaining("alerting.webhook: unknown key 'secret'");
  }

  @Test
  void refusesBadConditionsUrlsDurationsAndValues() {
    String check = "checks:\n  - name: a\n    url: %s\n    conditions: [\"%s\"]\n";
    assertThatThrownBy(
            () -> StatusConfigLoader.parse(check.formatted("http://x/", "[STATUS] = 200")))
        .hasMessageContaining(
            "checks[0].conditions[0]: condition '[STATUS] = 200' is not of the form");
    assertThatThrownBy(
            () -> StatusConfigLoader.parse(check.formatted("http://x/", "[STATSU] == 200")))
        .hasMessageContaining("unknown placeholder [STATSU]");
    assertThatThrownBy(
            () -> StatusConfigLoader.parse(check.formatted("http://x/", "[STATUS] == ok")))
        .hasMessageContaining("'ok' is not a number");
    assertThatThrownBy(() ->
            StatusConfigLoader.parse(
                check.formatted("http://x/", "[CERTIFICATE_EXPIRATION] > 2 weeks")))
        .hasMessageContaining("is not a duration");
    assertThatThrownBy(
            () -> StatusConfigLoader.parse(check.formatted("ftp://x/", "[CONNECTED] == true")))
        .hasMessageContaining(
            "checks[0].url: 'ftp://x/' must start with http://, https://, tcp:// or berth://");
    assertThatThrownBy(
            () -> StatusConfigLoader.parse(check.formatted("tcp://x", "[CONNECTED] == true")))
        .hasMessageContaining("needs tcp://host:port");
    assertThatThrownBy(
            () -> StatusConfigLoader.parse("checks:\n  - name: Bad Name\n    url: http://x/\n"))
        .hasMessageContaining("checks[0].name: 'Bad Name' must be");
    assertThatThrownBy(() ->
            StatusConfigLoader.parse(
                "checks:\n  - name: a\n    url: http://x/\n  - name: a\n    url: http://y/\n"))
        .hasMessageContaining("checks[1].name: 'a' is used twice");
    assertThatThrownBy(() ->
            StatusConfigLoader.parse(
                "checks:\n  - name: a\n    url: http://x/\n    interval: 5s\n    timeout: 10s\n"))
        .hasMessageContaining("checks[0].timeout: must be more than 0 and at most the interval");
    assertThatThrownBy(() ->
            StatusConfigLoader.parse(
                "checks:\n  - name: a\n    url: http://x/\n    alerts: [{type: webhook}]\n"))
        .hasMessageContaining(
            "checks[0].alerts[0].type: 'webhook' needs alerting.webhook to be configured");
    assertThatThrownBy(() ->
            StatusConfigLoader.parse("maintenance:\n  - start: \"25:00\"\n    duration: 1h\n"))
        .hasMessageContaining("maintenance[0].start: a time of day");
    assertThatThrownBy(() -> StatusConfigLoader.parse("checks: [\n"))
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void maintenanceWindowsCoverTheirTimeAcrossMidnight() {
    MaintenanceWindow sundayNight =
        new MaintenanceWindow(
            LocalTime.of(23, 0),
            Duration.ofHours(2),
            ZoneId.of("UTC"),
            EnumSet.of(DayOfWeek.SUNDAY));
    // 2026-11-29 is a Sunday
    assertThat(sundayNight.covers(Instant.parse("2026-11-29T23:30:00Z"))).isTrue();
    assertThat(sundayNight.covers(Instant.parse("2026-11-30T00:30:00Z"))).isTrue();
    assertThat(sundayNight.covers(Instant.parse("2026-11-30T01:00:00Z"))).isFalse();
    assertThat(sundayNight.covers(Instant.parse("2026-11-29T22:59:00Z"))).isFalse();
    assertThat(sundayNight.covers(Instant.parse("2026-11-28T23:30:00Z"))).isFalse();
  }

  @Test
  void conditionsJudgeWhatWasSeen() {
    Instant now = Instant.parse("2026-11-25T00:00:00Z");
    Observation ok =
        new Observation(
            true, 200, "{\"status\":\"UP\",\"n\":3}", 120, now.plus(Duration.ofDays(10)), null);
    assertThat(ConditionParser.parse("c", "[STATUS] == 200").failure(ok, now)).isNull();
    assertThat(ConditionParser.parse("c", "[RESPONSE_TIME] < 100").failure(ok, now))
        .isEqualTo("response time 120 ms is not < 100");
    assertThat(ConditionParser.parse("c", "[BODY].status == UP").failure(ok, now)).isNull();
    assertThat(ConditionParser.parse("c", "[BODY].n > 2").failure(ok, now)).isNull();
    assertThat(ConditionParser.parse("c", "[BODY].status == DOWN").failure(ok, now))
        .isEqualTo("/status is UP, not == DOWN");
    assertThat(ConditionParser.parse("c", "[BODY].missing == x").failure(ok, now))
        .isEqualTo("the body has nothing at /missing");
    assertThat(ConditionParser.parse("c", "[CERTIFICATE_EXPIRATION] > 7d").failure(ok, now))
        .isNull();
    assertThat(ConditionParser.parse("c", "[CERTIFICATE_EXPIRATION] > 30d").failure(ok, now))
        .startsWith("certificate expires in");
    Observation refused = Observation.failed(3, "Connection refused");
    assertThat(ConditionParser.parse("c", "[CONNECTED] == true").failure(refused, now))
        .isEqualTo("could not connect: Connection refused");
    assertThat(ConditionParser.parse("c", "[STATUS] == 200").failure(refused, now))
        .isEqualTo("status 0 is not == 200");
  }
}
