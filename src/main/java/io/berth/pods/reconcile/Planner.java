package io.berth.pods.reconcile;

import io.berth.pods.Pod;
import io.berth.pods.PodStatus;
import io.berth.pods.StatusRequested;
import io.berth.runtime.ObservedPod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The reconciler's decision as a pure function of desired state (the pod row), observed state (the
 * engine's view of its container) and the time. Level-triggered: given the same inputs it decides
 * the same, so a lost wake-up or a crash only delays work.
 */
public final class Planner {
  private Planner() {}

  public static Decision decide(Pod pod, Optional<ObservedPod> observed, Instant now) {
    return decide(pod, observed, now, Duration.ZERO);
  }

  /**
   * {@code activityLag}: how late the proxies' traffic reaches the database (their flush interval);
   * a pod is idle only once its timeout has passed by that much more, so traffic not yet flushed
   * never has it stopped.
   */
  public static Decision decide(
      Pod pod, Optional<ObservedPod> observed, Instant now, Duration activityLag) {
    return decide(pod, observed, now, activityLag, Duration.ZERO);
  }

  /** {@code warningLead}: how long before an idle stop or a time_to_stop its owner is warned. */
  public static Decision decide(
      Pod pod,
      Optional<ObservedPod> observed,
      Instant now,
      Duration activityLag,
      Duration warningLead) {
    ContainerRecord record = ContainerRecord.from(pod.observed().container());
    return switch (pod.statusRequested()) {
      case OFF ->
          observed.isPresent()
              ? new Decision.Stop(false)
              : pod.status() == PodStatus.STOPPED
                  ? new Decision.Nothing()
                  : new Decision.MarkStopped();
      case RESTART -> observed.isPresent() ? new Decision.Stop(true) : new Decision.SwitchOn();
      case ON -> whenOn(pod, record, observed, now, activityLag, warningLead);
    };
  }

  private static Decision whenOn(
      Pod pod,
      ContainerRecord record,
      Optional<ObservedPod> observed,
      Instant now,
      Duration activityLag,
      Duration warningLead) {
    if (pod.observed().timeToStopTs() != null && !now.isBefore(pod.observed().timeToStopTs())) {
      return new Decision.TimeUp();
    }
    if (observed.isEmpty()) {
      return whenAbsent(pod, record, now);
    }
    ObservedPod container = observed.get();
    if (!ours(pod, record, container)) {
      return new Decision.Replace();
    }
    return switch (container.state()) {
      case RUNNING ->
          pod.status() == PodStatus.AVAILABLE
              ? whenServing(pod, now, activityLag, warningLead)
              : new Decision.Probe(container.startedAt());
      case CREATED -> new Decision.Create();
      case EXITED -> exited(pod, container);
      case PAUSED, UNKNOWN -> new Decision.Nothing();
    };
  }

  /**
   * Whether the pod is to get a container whatever the engine holds under its name now, so the
   * engine need not be asked first: it is ON, waiting for its first container (REQUESTED, or
   * SPAWNER_SETUP after a crash mid-create) and no instance of it was recorded. A container found
   * under its name then is a leftover of a crash mid-create or of a deleted pod of the same id,
   * which the runtime's apply adopts (this generation) or replaces (any other).
   */
  public static boolean createsBlind(Pod pod, Instant now) {
    ContainerRecord record = ContainerRecord.from(pod.observed().container());
    return pod.statusRequested() == StatusRequested.ON
        && (pod.status() == PodStatus.REQUESTED || pod.status() == PodStatus.SPAWNER_SETUP)
        && record.instanceGeneration() == null
        && decide(pod, Optional.empty(), now) instanceof Decision.Create;
  }

  private static Decision whenServing(
      Pod pod, Instant now, Duration activityLag, Duration warningLead) {
    Instant idleStop = idleStop(pod);
    if (idleStop != null && !now.isBefore(idleStop.plus(activityLag))) {
      return new Decision.Idle(lastUse(pod));
    }
    Deadline deadline = Deadline.of(pod, activityLag, warningLead);
    if (deadline != null && deadline.warnsAt() != null && !now.isBefore(deadline.warnsAt())) {
      return new Decision.Warn(deadline.idle() ? "idle" : "time_to_stop", deadline.stop());
    }
    return new Decision.Nothing();
  }

  /**
   * When a serving pod's decision changes by itself (its owner's warning, its idle stop or its
   * time_to_stop), so that its round comes then, not at some later full pass (spaced seconds apart,
   * more at scale: a short idle timeout's warning came after the stop, or never); null when it
   * never does, or the moment has passed.
   */
  public static Instant nextChange(
      Pod pod, Instant now, Duration activityLag, Duration warningLead) {
    Deadline deadline = Deadline.of(pod, activityLag, warningLead);
    if (deadline == null) {
      return null;
    }
    Instant next =
        deadline.warnsAt() != null && now.isBefore(deadline.warnsAt())
            ? deadline.warnsAt()
            : deadline.stop();
    return now.isBefore(next) ? next : null;
  }

  /**
   * A serving pod's next stop (idle, activity lag included, or time_to_stop, whichever comes first)
   * and when its owner is warned of it (null: not, or warned already).
   */
  private record Deadline(Instant stop, boolean idle, Instant warnsAt) {
    static Deadline of(Pod pod, Duration activityLag, Duration warningLead) {
      Instant idleStop = idleStop(pod);
      if (idleStop != null) {
        idleStop = idleStop.plus(activityLag);
      }
      Instant timeUp = pod.observed().timeToStopTs();
      boolean idleFirst = idleStop != null && (timeUp == null || idleStop.isBefore(timeUp));
      Instant stop = idleFirst ? idleStop : timeUp;
      if (stop == null) {
        return null;
      }
      // an idle pod is warned once idle half its timeout at least: shorter timeouts than the lead
      // would otherwise warn after every use
      Duration lead =
          idleFirst
              ? min(warningLead, Duration.ofSeconds(pod.definition().idleTimeout()).dividedBy(2))
              : warningLead;
      boolean warns = lead.isPositive() && !stop.equals(pod.observed().stopWarnedTs());
      return new Deadline(stop, idleFirst, warns ? stop.minus(lead) : null);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * When the running instance was last used: the proxy's last traffic or the moment it became
   * AVAILABLE (both last_activity_ts), or its start when it has had neither since; null when not
   * running.
   */
  public static Instant lastUse(Pod pod) {
    Instant started = pod.observed().startInstanceTs();
    Instant traffic = pod.observed().lastActivityTs();
    if (started == null) {
      return null;
    }
    return traffic != null && traffic.isAfter(started) ? traffic : started;
  }

  /** When the pod is stopped for idleness if no traffic comes; null when never. */
  public static Instant idleStop(Pod pod) {
    int timeout = pod.definition().idleTimeout();
    Instant last = lastUse(pod);
    return timeout <= 0 || last == null ? null : last.plusSeconds(timeout);
  }

  private static Decision whenAbsent(Pod pod, ContainerRecord record, Instant now) {
    if (pod.status() == PodStatus.COMPLETE || record.terminal()) {
      return new Decision.Nothing();
    }
    if (record.nextRestart() != null && now.isBefore(record.nextRestart())) {
      return new Decision.WaitUntil(record.nextRestart());
    }
    if (pod.status() == PodStatus.AVAILABLE || pod.status() == PodStatus.CREATING) {
      if (record.instanceGeneration() != null) {
        return new Decision.Crashed("the container disappeared (removed outside Berth)", null);
      }
    }
    return new Decision.Create();
  }

  private static Decision exited(Pod pod, ObservedPod container) {
    if (pod.status() == PodStatus.COMPLETE) {
      return new Decision.Nothing();
    }
    Integer code = container.exitCode();
    if (container.oomKilled()) {
      return new Decision.Crashed("out of memory (OOM killed)", code);
    }
    if (code != null && code == 0) {
      return new Decision.Complete(0);
    }
    String reason =
        code == null
            ? "the container stopped" + (container.error() == null ? "" : ": " + container.error())
            : "the main process exited with code " + code + (code == 137 ? " (killed)" : "");
    return new Decision.Crashed(reason, code);
  }

  /**
   * A container is this pod's when it carries the pod's current generation or the generation the
   * reconciler recorded starting. Anything else (a leftover of a deleted pod of the same id) is
   * replaced.
   */
  static boolean ours(Pod pod, ContainerRecord record, ObservedPod container) {
    return container.generation() == pod.generation()
        || (record.instanceGeneration() != null
            && container.generation() == record.instanceGeneration());
  }

  /** Doubling backoff from {@code initial} to {@code max}; restarts far apart start again. */
  public static java.time.Duration backoff(
      ContainerRecord record, Instant now, java.time.Duration initial, java.time.Duration max) {
    boolean recent =
        record.lastRestart() != null
            && record.lastRestart().isAfter(now.minus(max.multipliedBy(2)));
    int exponent = recent ? Math.min(record.restartCount(), 20) : 0;
    java.time.Duration delay = initial.multipliedBy(1L << Math.min(exponent, 20));
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
