package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.runtime.PodKey;
import io.berth.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * How long a running pod has left: {@code POST .../extend} moves its stop later (and counts as its
 * use, so an idle stop waits a whole idle_timeout again), and a changed {@code time_to_stop_*}
 * moves the running instance's stop at once rather than at its next start.
 */
@Service
public class PodLifetime {
  private final PodRepository pods;
  private final PodActivityStore activity;
  private final LifetimeProperties properties;
  private final ActionLog actionLog;
  private final Clock clock;

  public PodLifetime(
      PodRepository pods,
      PodActivityStore activity,
      LifetimeProperties properties,
      ActionLog actionLog,
      Clock clock) {
    this.pods = pods;
    this.activity = activity;
    this.properties = properties;
    this.actionLog = actionLog;
    this.clock = clock;
  }

  /** The seconds of an extension, from the body or the query (400 when missing or not a number). */
  static int seconds(PodExtension body, String query) {
    Integer fromBody = body == null ? null : body.seconds();
    Integer fromQuery;
    try {
      fromQuery = query == null || query.isBlank() ? null : Integer.valueOf(query.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Field seconds must be a whole number of seconds.");
    }
    if (fromBody != null && fromQuery != null && !fromBody.equals(fromQuery)) {
      throw ApiException.badRequest("Field seconds is given twice (body and query), differently.");
    }
    Integer seconds = fromBody != null ? fromBody : fromQuery;
    if (seconds == null) {
      throw ApiException.badRequest(
          "Field seconds is required: how many seconds to extend the pod by.");
    }
    if (seconds < 1) {
      throw ApiException.badRequest("Field seconds must be positive.");
    }
    return seconds;
  }

  /**
   * Moves the running pod's {@code time_to_stop_ts} {@code seconds} later than it is (or than now,
   * when it has passed), at most {@code berth.pods.lifetime.extend-max} ahead of now (400 beyond).
   */
  Pod extend(Caller caller, Pod pod, int seconds) {
    if (pod.statusRequested() != StatusRequested.ON || pod.observed().startInstanceTs() == null) {
      throw ApiException.conflict(
          "Pod "
              + pod.podId()
              + " is not running (status "
              + pod.status().text()
              + "); start it instead of extending it.");
    }
    Instant now = now();
    Instant stop = pod.observed().timeToStopTs();
    Instant moved = null;
    if (stop != null) {
      moved = (stop.isAfter(now) ? stop : now).plusSeconds(seconds);
      Instant latest = now.plus(properties.extendMax());
      if (moved.isAfter(latest)) {
        throw ApiException.badRequest(
            "Field seconds: the pod would stop at "
                + moved
                + "; this site extends pods to at most "
                + properties.extendMax().toSeconds()
                + " s from now ("
                + latest
                + ").");
      }
      pods.moveTimeToStop(pod.tenant(), pod.podId(), pod.observed().startInstanceTs(), moved, stop);
    }
    activity.record(Map.of(new PodKey(pod.tenant(), pod.podId()), now));
    actionLog.append(
        pod.tenant(),
        pod.podId(),
        caller.user(),
        "extended by "
            + seconds
            + " s"
            + (moved == null ? "" : ": time_to_stop_ts " + moved)
            + (pod.definition().idleTimeout() > 0 ? "; idle time counts from now" : ""));
    return withStop(pod, moved != null ? moved : stop, now);
  }

  /**
   * After the owner changed time_to_stop_instance or time_to_stop_default: the running instance
   * stops at its start plus the new lifetime (never, for -1), from now on.
   */
  Pod timeToStopChanged(Pod pod) {
    Instant started = pod.observed().startInstanceTs();
    if (pod.statusRequested() != StatusRequested.ON || started == null) {
      return pod; // applies from the next start, as always
    }
    int seconds = pod.definition().timeToStop();
    Instant moved = seconds < 0 ? null : started.plusSeconds(seconds);
    pods.moveTimeToStop(pod.tenant(), pod.podId(), started, moved, pod.observed().timeToStopTs());
    return withStop(pod, moved, pod.observed().lastActivityTs());
  }

  private static Pod withStop(Pod pod, Instant stop, Instant lastActivity) {
    PodObserved o = pod.observed();
    return new Pod(
        pod.key(),
        pod.definition(),
        pod.statusRequested(),
        new PodObserved(
            o.status(),
            o.container(),
            stop,
            o.startInstanceTs(),
            lastActivity,
            o.stopReason(),
            o.stopWarnedTs()),
        pod.generation(),
        pod.creationTs(),
        pod.updateTs(),
        pod.createdBy(),
        pod.uid());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** How long {@link #extend} may look ahead. */
  Duration extendMax() {
    return properties.extendMax();
  }
}
