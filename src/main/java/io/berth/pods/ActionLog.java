package io.berth.pods;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The per-pod action log: one timestamped line for every change, naming who made it ("berth" for
 * the reconciler). Shown as {@code action_logs}.
 */
@Repository
public class ActionLog {
  public static final String SYSTEM = "berth";
  private static final int MESSAGE_LIMIT = 1024;
  private static final int IN_LIST_LIMIT = 500;

  private final JdbcClient jdbc;

  public ActionLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void append(String tenant, String podId, String user, String message) {
    String text = message.length() > MESSAGE_LIMIT ? message.substring(0, MESSAGE_LIMIT) : message;
    jdbc.sql(
            "insert into pod_action_logs (tenant, pod_id, ts, username, message)"
                + " values (?, ?, ?, ?, ?)")
        .params(
            tenant,
            podId,
            PodRepository.time(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
            user,
            text)
        .update();
  }

  public List<String> lines(String tenant, String podId) {
    return jdbc.sql(
            "select ts, username, message from pod_action_logs where tenant = ? and pod_id = ?"
                + " order by id")
        .params(tenant, podId)
        .query((rs, i) ->
            line(
                PodRepository.instant(rs, "ts"), rs.getString("username"), rs.getString("message")))
        .list();
  }

  /** The lines of many pods of one tenant, by pod id, in a query per few hundred pods. */
  public Map<String, List<String>> linesByPod(String tenant, List<String> podIds) {
    Map<String, List<String>> byPod = new HashMap<>();
    for (int from = 0; from < podIds.size(); from += IN_LIST_LIMIT) {
      List<String> chunk = podIds.subList(from, Math.min(podIds.size(), from + IN_LIST_LIMIT));
      jdbc.sql(
              "select pod_id, ts, username, message from pod_action_logs"
                  + " where tenant = :tenant and pod_id in (:ids) order by id")
          .param("tenant", tenant)
          .param("ids", chunk)
          .query(rs -> {
            byPod
                .computeIfAbsent(rs.getString("pod_id"), k -> new ArrayList<>())
                .add(
                    line(
                        PodRepository.instant(rs, "ts"),
                        rs.getString("username"),
                        rs.getString("message")));
          });
    }
    return byPod;
  }

  /** One line as the API shows it: "2026-11-25T04:00:00Z alice: created pod from ...". */
  static String line(Instant ts, String user, String message) {
    return ts + " " + user + ": " + message;
  }
}
