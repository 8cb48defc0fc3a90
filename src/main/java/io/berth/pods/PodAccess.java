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
  private final PermissionStore permissions;

  public PodAccess(PodRepository pods, PermissionStore permissions) {
    this.pods = pods;
    this.permissions = permissions;
  }

  public Pod require(Caller caller, String podId, PermissionLevel needed) {
    Pod pod = pods.find(caller.tenant(), podId).orElseThrow(() -> notFound(podId));
    PermissionLevel held =
        caller.isTenantAdmin()
            ? PermissionLevel.ADMIN
            : permissions
                .levelOf(caller.tenant(), podId, caller.user())
                .orElseThrow(() -> notFound(podId));
    if (!held.atLeast(needed)) {
      throw ApiException.forbidden(
          "Pod " + podId + " needs " + needed + " permission for this; you have " + held + ".");
    }
    return pod;
  }

  static ApiException notFound(String podId) {
    return ApiException.notFound("Pod " + podId + " not found.");
  }
}
