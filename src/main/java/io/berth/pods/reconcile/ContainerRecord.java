package io.berth.pods.reconcile;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the reconciler remembers about a pod's container between passes, kept in the pod's {@code
 * status_container} so that it survives a crash: which generation it started, how often it was
 * restarted, why it last failed and when it may be tried again.
 */
public record ContainerRecord(
    Long instanceGeneration,
    int restartCount,
    String reason,
    Integer exitCode,
    Instant nextRestart,
    Instant lastRestart,
    boolean terminal) {

  public static final ContainerRecord EMPTY =
      new ContainerRecord(null, 0, null, null, null, null, false);

  public static ContainerRecord from(Map<String, Object> status) {
    if (status == null || status.isEmpty()) {
      return EMPTY;
    }
    return new ContainerRecord(
        number(status.get("instance_generation")),
        status.get("restart_count") instanceof Number n ? n.intValue() : 0,
        status.get("reason") instanceof String s ? s : null,
        status.get("exit_code") instanceof Number n ? n.intValue() : null,
        instant(status.get("next_restart_ts")),
        instant(status.get("last_restart_ts")),
        Boolean.TRUE.equals(status.get("terminal")));
  }

  public Map<String, Object> toMap(String state) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("state", state);
    if (instanceGeneration != null) {
      map.put("instance_generation", instanceGeneration);
    }
    map.put("restart_count", restartCount);
    if (reason != null) {
      map.put("reason", reason);
    }
    if (exitCode != null) {
      map.put("exit_code", exitCode);
    }
    if (nextRestart != null) {
      map.put("next_restart_ts", nextRestart.toString());
    }
    if (lastRestart != null) {
      map.put("last_restart_ts", lastRestart.toString());
    }
    if (terminal) {
      map.put("terminal", true);
    }
    return map;
  }

  public ContainerRecord started(long generation) {
    return new ContainerRecord(generation, restartCount, null, null, null, lastRestart, false);
  }

  public ContainerRecord failed(String why, Integer code, Instant retryAt, Instant now) {
    return new ContainerRecord(
        instanceGeneration, restartCount + 1, why, code, retryAt, now, false);
  }

  public ContainerRecord terminal(String why, Integer code) {
    return new ContainerRecord(
        instanceGeneration, restartCount, why, code, null, lastRestart, true);
  }

  /** A fresh start asked for by the owner forgets failures and backoff. */
  public ContainerRecord cleared() {
    return new ContainerRecord(null, restartCount, null, null, null, lastRestart, false);
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  private static Instant instant(Object value) {
    return value instanceof String s && !s.isEmpty() ? Instant.parse(s) : null;
  }
}
