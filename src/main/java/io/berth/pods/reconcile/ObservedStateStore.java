package io.berth.pods.reconcile;

import io.berth.pods.ActionLog;
import io.berth.pods.ContainerStatus;
import io.berth.pods.PodAvailable;
import io.berth.pods.PodStatus;
import io.berth.pods.PodWentDown;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciler's writes: observed status, container record, instance times, saved logs and
 * tombstones. Desired-state columns are only touched by the two conditional hand-overs the Tapis
 * workflow defines (RESTART becomes ON, time_to_stop turns ON into OFF).
 */
@Repository
public class ObservedStateStore {
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final ActionLog actionLog;
  private final ApplicationEventPublisher events;

  public ObservedStateStore(
      JdbcClient jdbc, JsonMapper json, ActionLog actionLog, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.json = json;
    this.actionLog = actionLog;
    this.events = events;
  }

  /**
   * The pod became AVAILABLE at {@code at}: that counts as its use, so a pod slow to start is not
   * idle the moment it answers. What this process's proxy holds for it goes on at once ({@link
   * PodAvailable}).
   */
  public void available(String tenant, String podId, ContainerStatus container, Instant at) {
    status(tenant, podId, PodStatus.AVAILABLE, container);
    events.publishEvent(new PodAvailable(tenant, podId));
    OffsetDateTime ts = time(at);
    jdbc.sql(
            "update pods set last_activity_ts = ? where tenant = ? and pod_id = ? and"
                + " (last_activity_ts is null or last_activity_ts < ?)")
        .params(ts, tenant, podId, ts)
        .update();
  }

  public void status(String tenant, String podId, PodStatus status, ContainerStatus container) {
    jdbc.sql("update pods set status = ?, status_container = ? where tenant = ? and pod_id = ?")
        .params(status.text(), json.writeValueAsString(container), tenant, podId)
        .update();
    if (status == PodStatus.STOPPED || status == PodStatus.COMPLETE || status == PodStatus.ERROR) {
      events.publishEvent(new PodWentDown(tenant, podId));
    }
  }

  /** A new instance began: its start time and when time_to_stop ends it. */
  public void instanceStarted(
      String tenant,
      String podId,
      ContainerStatus container,
      Instant startedAt,
      Instant timeToStop) {
    jdbc.sql(
            "update pods set status = ?, status_container = ?, start_instance_ts = ?,"
                + " time_to_stop_ts = ? where tenant = ? and pod_id = ?")
        .params(
            PodStatus.CREATING.text(),
            json.writeValueAsString(container),
            time(startedAt),
            time(timeToStop),
            tenant,
            podId)
        .update();
  }

  public boolean restartToOn(String tenant, String podId) {
    return jdbc.sql(
                "update pods set status_requested = 'ON', status = ?, time_to_stop_ts = null"
                    + " where tenant = ? and pod_id = ? and status_requested = 'RESTART'")
            .params(PodStatus.REQUESTED.text(), tenant, podId)
            .update()
        > 0;
  }

  /** Berth stops the pod: {@code reason} is idle or time_to_stop (the pod's stop_reason). */
  public boolean onToOff(String tenant, String podId, String reason) {
    return wentDown(
        tenant,
        podId,
        jdbc.sql(
                    "update pods set status_requested = 'OFF', stop_reason = ? where tenant = ? and"
                        + " pod_id = ? and status_requested = 'ON'")
                .params(reason, tenant, podId)
                .update()
            > 0);
  }

  /**
   * Berth stops the pod for idleness, unless what the decision read is out of date: traffic the
   * proxies flushed since (last_activity_ts moved past {@code lastActivity}, null when none was
   * read) or a changed idle_timeout keeps it running. The row was read before the engine was asked
   * about the container, which can take seconds under load: deciding on it alone stopped pods in
   * use.
   */
  public boolean idleToOff(String tenant, String podId, Instant lastActivity, int idleTimeout) {
    OffsetDateTime seen = time(lastActivity);
    return wentDown(
        tenant,
        podId,
        jdbc.sql(
                    "update pods set status_requested = 'OFF', stop_reason = 'idle' where tenant = ?"
                        + " and pod_id = ? and status_requested = 'ON' and idle_timeout = ? and"
                        + " (last_activity_ts is null or last_activity_ts <= ?)")
                .params(tenant, podId, idleTimeout, seen == null ? time(Instant.EPOCH) : seen)
                .update()
            > 0);
  }

  /** A stop decided ({@code changed}) is announced: this process's proxy stops routing to it. */
  private boolean wentDown(String tenant, String podId, boolean changed) {
    if (changed) {
      events.publishEvent(new PodWentDown(tenant, podId));
    }
    return changed;
  }

  /** Records that the owner is warned of the stop at {@code stopAt}; false when already done. */
  public boolean warned(String tenant, String podId, Instant stopAt) {
    OffsetDateTime at = time(stopAt);
    return jdbc.sql(
                "update pods set stop_warned_ts = ? where tenant = ? and pod_id = ? and"
                    + " status_requested = 'ON' and (stop_warned_ts is null or stop_warned_ts <>"
                    + " ?)")
            .params(at, tenant, podId, at)
            .update()
        > 0;
  }

  public void saveLogs(String tenant, String podId, String logs) {
    OffsetDateTime now = time(Instant.now());
    int updated =
        jdbc.sql("update pod_logs set logs = ?, update_ts = ? where tenant = ? and pod_id = ?")
            .params(logs, now, tenant, podId)
            .update();
    if (updated == 0) {
      try {
        jdbc.sql("insert into pod_logs (tenant, pod_id, logs, update_ts) values (?, ?, ?, ?)")
            .params(tenant, podId, logs, now)
            .update();
      } catch (DataIntegrityViolationException e) {
        // the pod was deleted meanwhile, or a concurrent save won: either way nothing to keep
      }
    }
  }

  /** Appends to the pod's saved output, keeping its last {@code limit} characters. */
  public void appendLogs(String tenant, String podId, String more, int limit) {
    int updated =
        jdbc.sql(
                "update pod_logs set logs = right(logs || ?, ?), update_ts = ? where tenant = ?"
                    + " and pod_id = ?")
            .params(more, limit, time(Instant.now()), tenant, podId)
            .update();
    if (updated == 0) {
      saveLogs(tenant, podId, more.length() > limit ? more.substring(more.length() - limit) : more);
    }
  }

  /** Appends to the pod's action log, unless the pod is gone. */
  public void log(String tenant, String podId, String message) {
    try {
      actionLog.append(tenant, podId, ActionLog.SYSTEM, message);
    } catch (DataIntegrityViolationException e) {
      // deleted meanwhile: its log went with it
    }
  }

  /** A deleted pod's life: {@code podUid} names its storage. */
  public record Tombstone(
      String tenant, String podId, long generation, boolean deleteData, String podUid) {}

  public List<Tombstone> tombstones() {
    return jdbc.sql("select tenant, pod_id, generation, delete_data, pod_uid from pod_deletions")
        .query((rs, i) ->
            new Tombstone(
                rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getString(5)))
        .list();
  }

  public List<Tombstone> tombstones(String tenant, String podId) {
    return jdbc.sql(
            "select tenant, pod_id, generation, delete_data, pod_uid from pod_deletions"
                + " where tenant = ? and pod_id = ?")
        .params(tenant, podId)
        .query((rs, i) ->
            new Tombstone(
                rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getString(5)))
        .list();
  }

  public void forget(Tombstone tombstone) {
    jdbc.sql("delete from pod_deletions where tenant = ? and pod_id = ? and generation = ?")
        .params(tombstone.tenant(), tombstone.podId(), tombstone.generation())
        .update();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
