package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.permissions.AccessRules;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Resource;
import org.springframework.stereotype.Component;

/**
 * Decides what a caller may do with a pod by the access rules every resource follows ({@link
 * AccessRules}); the pod and the caller's level are read in one query, the API's most frequent.
 */
@Component
public class PodAccess {
  private final PodRepository pods;

  public PodAccess(PodRepository pods) {
    this.pods = pods;
  }

  public Pod require(Caller caller, String podId, PermissionLevel needed) {
    Resource resource = Resource.pod(caller.tenant(), podId);
    PodRepository.PodWithLevel found =
        pods.findWithLevel(caller.tenant(), podId, caller.user())
            .orElseThrow(() -> AccessRules.notFound(resource));
    AccessRules.require(resource, AccessRules.held(caller, found.level()), needed);
    return found.pod();
  }

  /** The pod with its action log, for reading: one query rather than two. */
  public PodRepository.PodRead requireForReading(Caller caller, String podId) {
    Resource resource = Resource.pod(caller.tenant(), podId);
    PodRepository.PodRead found =
        pods.findForReading(caller.tenant(), podId, caller.user())
            .orElseThrow(() -> AccessRules.notFound(resource));
    AccessRules.require(resource, AccessRules.held(caller, found.level()), PermissionLevel.READ);
    return found;
  }
}
