package io.berth.pods;

import io.berth.permissions.PermissionLevel;
import io.berth.web.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes a sleeping pod for a request or connection the proxy holds: a pod stopped for idleness, or
 * one with {@code wake_on_connect}, is asked to start (status_requested ON) as its owner would ask,
 * within the same quotas. Through a gated entry only a user who could start the pod (USER or ADMIN,
 * or a tenant admin) wakes it; an ungated entry wakes it for whoever reaches it, as the owner
 * chose.
 */
@Component
public class PodWakes {
  /** What became of a wake. */
  public sealed interface Result {
    /** The pod starts (asked now, or already ON): wait for it. */
    record Starting() implements Result {}

    /** The pod stays down, for {@code reason} (a sentence's end). */
    record Refused(String reason) implements Result {}
  }

  /** Who connected through a gated entry; null components at an ungated one. */
  public record Visitor(String user, boolean tenantAdmin) {
    public static final Visitor ANYONE = new Visitor(null, false);
  }

  private final PodRepository pods;
  private final PodQuotas quotas;
  private final ActionLog actionLog;
  private final PodChangeListener changes;

  PodWakes(PodRepository pods, PodQuotas quotas, ActionLog actionLog, PodChangeListener changes) {
    this.pods = pods;
    this.quotas = quotas;
    this.actionLog = actionLog;
    this.changes = changes;
  }

  @Transactional
  public Result wake(String tenant, String podId, String entry, Visitor visitor) {
    String user = visitor.user();
    var found = pods.findWithLevel(tenant, podId, user == null ? "" : user);
    if (found.isEmpty()) {
      return new Result.Refused("it was deleted");
    }
    Pod pod = found.get().pod();
    if (user != null) {
      PermissionLevel held = visitor.tenantAdmin() ? PermissionLevel.ADMIN : found.get().level();
      if (held == null || !held.atLeast(PermissionLevel.USER)) {
        return new Result.Refused(
            "only users who may start it (USER or ADMIN) wake it; " + user + " may not");
      }
    }
    if (pod.statusRequested() != StatusRequested.OFF) {
      return new Result.Starting();
    }
    if (!"idle".equals(pod.observed().stopReason()) && !pod.definition().wakeOnConnect()) {
      return new Result.Refused("it was stopped and does not wake on connect");
    }
    try {
      quotas.starting(pod, StatusRequested.ON);
    } catch (ApiException e) {
      return new Result.Refused(e.getMessage());
    }
    if (pods.wake(tenant, podId, Instant.now().truncatedTo(ChronoUnit.MICROS))) {
      actionLog.append(
          tenant,
          podId,
          user == null ? ActionLog.SYSTEM : user,
          "woken by a connection to " + entry + " (status_requested ON)");
      signalAfterCommit(tenant, podId);
    }
    return new Result.Starting();
  }

  private void signalAfterCommit(String tenant, String podId) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      changes.podChanged(tenant, podId);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            changes.podChanged(tenant, podId);
          }
        });
  }
}
