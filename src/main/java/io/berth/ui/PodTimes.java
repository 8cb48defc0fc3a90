package io.berth.ui;

import io.berth.pods.PodView;
import io.berth.pods.StatusRequested;
import java.time.Duration;
import java.time.Instant;

/**
 * A pod's lifetime as the pages show it: the time left before its {@code time_to_stop_ts}, its idle
 * state (last activity, how long until an idle stop), and whether it is sleeping: stopped by Berth
 * for idleness ({@code stop_reason} idle), its data kept, started again by Start or a connection.
 *
 * @param timeLeft until the stop, null when the pod is not running or never stops
 * @param idleTimeout the idle timeout in words, null when the pod is never stopped for idleness
 * @param lastActivity how long ago traffic last went through the proxy, null when none was seen
 * @param idleLeft until an idle stop if nobody uses it, null when not running or not idle-stopped
 * @param running requested ON: what can be extended
 */
record PodTimes(
    String timeLeft,
    Instant stopsAt,
    String idleTimeout,
    String lastActivity,
    String idleLeft,
    boolean sleeping,
    boolean running) {

  /** The status the pages show: Tapis's, except "SLEEPING" for a stopped pod a connection wakes. */
  static final String SLEEPING = "SLEEPING";

  static PodTimes of(PodView pod, Instant now) {
    boolean running = pod.statusRequested() == StatusRequested.ON;
    Instant stop = pod.timeToStopTs();
    String timeLeft = running && stop != null ? span(Duration.between(now, stop)) : null;
    boolean idles = pod.idleTimeout() > 0;
    Instant last = pod.lastActivityTs();
    String idleLeft =
        running && idles && last != null
            ? span(Duration.between(now, last.plusSeconds(pod.idleTimeout())))
            : null;
    return new PodTimes(
        timeLeft,
        running ? stop : null,
        idles ? span(Duration.ofSeconds(pod.idleTimeout())) : null,
        last == null ? null : span(Duration.between(last, now)) + " ago",
        idleLeft,
        sleeping(pod),
        running);
  }

  /**
   * Stopped, and a connection to it would start it again (stopped when idle, or wakes on connect).
   */
  static boolean sleeping(PodView pod) {
    return pod.statusRequested() != StatusRequested.ON
        && ("idle".equals(pod.stopReason()) || pod.wakeOnConnect());
  }

  /** The status text for the pages and their pushed updates. */
  static String status(PodView pod) {
    return sleeping(pod) ? SLEEPING : pod.status().text();
  }

  /** A duration in the two largest units ("2 h 5 min", "45 s"); "now" when it has passed. */
  static String span(Duration d) {
    long s = d.toSeconds();
    if (s <= 0) {
      return "now";
    }
    long days = s / 86_400;
    long hours = s % 86_400 / 3600;
    long minutes = s % 3600 / 60;
    if (days > 0) {
      return days + " d" + (hours > 0 ? " " + hours + " h" : "");
    }
    if (hours > 0) {
      return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
    }
    return minutes > 0 ? minutes + " min" + (s % 60 > 0 ? " " + s % 60 + " s" : "") : s + " s";
  }
}
