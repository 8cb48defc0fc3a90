package io.berth.ops.jobs;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pods' action logs: lines older than the maximum age go, except each pod's newest lines (1000 by
 * default), so a quiet pod keeps its history however old it is.
 */
@Component
class ActionLogTrimmer implements Housekeeper {
  private final JdbcClient jdbc;
  private final JobsProperties.Housekeeping settings;

  ActionLogTrimmer(JdbcClient jdbc, JobsProperties properties) {
    this.jdbc = jdbc;
    this.settings = properties.housekeeping();
  }

  @Override
  public String name() {
    return "pod action logs older than " + settings.actionLogMaxAge().toDays() + " days";
  }

  @Override
  public long trim(Instant now) {
    return jdbc.sql(
            "delete from pod_action_logs where id in (select id from (select id, ts, row_number()"
                + " over (partition by tenant, pod_id order by id desc) as n from pod_action_logs)"
                + " ranked where n > ? and ts < ?)")
        .params(
            settings.actionLogKeepPerPod(),
            now.minus(settings.actionLogMaxAge()).atOffset(ZoneOffset.UTC))
        .update();
  }
}
