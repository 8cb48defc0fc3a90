package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Decides what a caller may do with a pod. Tenant admins hold ADMIN on every pod of their tenant;
 * others hold what the pod's permissions give them. No level at all answers 404, as if the pod did
 * not exist, so pod ids of others are not revealed; a level too low answers 403.
 */
@Component
public class PodAccess {
  private final PodRepository pods;

  public PodAccess(PodRepository pods) {
    this.pods = pods;
  }

  public Pod require(Caller caller, String podId, PermissionLevel needed) {
    PodRepository.PodWithLevel found =
        pods.findWithLevel(caller.tenant(), podId, caller.user())
            .orElseThrow(() -> notFound(podId));
    check(caller, podId, found.level(), needed);
    return found.pod();
  }

  /** The pod with its action log, for reading: one query rather than two. */
  public PodRepository.PodRead requireForReading(Caller caller, String podId) {
    PodRepository.PodRead found =
        pods.findForReading(caller.tenant(), podId, caller.user())
            .orElseThrow(() -> notFound(podId));
    check(caller, podId, found.level(), PermissionLevel.READ);
    return found;
  }

  private static void check(
      Caller caller, String podId, PermissionLevel stored, PermissionLevel needed) {
    PermissionLevel held = caller.isTenantAdmin() ? PermissionLevel.ADMIN : stored;
    if (held == null) {
      throw notFound(podId);
    }
    if (!held.atLeast(needed)) {
      throw ApiException.forbidden(
          "Pod " + podId + " needs " + needed + " permission for this; you have " + held + ".");
    }
  }

  static ApiException notFound(String podId) {
    return ApiException.notFound("Pod " + podId + " not found.");
  }
}
