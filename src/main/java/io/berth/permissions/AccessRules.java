package io.berth.permissions;

import io.berth.auth.Caller;
import io.berth.web.ApiException;

/**
 * The access rules every shared resource follows, as pure functions: tenant admins hold ADMIN on
 * everything of their tenant; holding nothing answers 404, as if the resource did not exist, so ids
 * of others are not revealed; too low a level answers 403; the last ADMIN stays.
 */
public final class AccessRules {
  private AccessRules() {}

  /** What a caller holds, given what is stored for them (null when nothing). */
  public static PermissionLevel held(Caller caller, PermissionLevel stored) {
    return caller.isTenantAdmin() ? PermissionLevel.ADMIN : stored;
  }

  /** The level held when it is enough; 404 when nothing is held, 403 when too little. */
  public static PermissionLevel require(
      Resource resource, PermissionLevel held, PermissionLevel needed) {
    if (held == null) {
      throw notFound(resource);
    }
    if (!held.atLeast(needed)) {
      throw ApiException.forbidden(
          resource.kind().title()
              + " "
              + resource.id()
              + " needs "
              + needed
              + " permission for this; you have "
              + held
              + ".");
    }
    return held;
  }

  /**
   * Refuses a change of {@code user}'s level from {@code current} to {@code next} (null: removed)
   * that would leave the resource without an ADMIN, given how many ADMINs it has now.
   */
  public static void keepAnAdmin(
      Resource resource, String user, PermissionLevel current, PermissionLevel next, long admins) {
    boolean losesAnAdmin = current == PermissionLevel.ADMIN && next != PermissionLevel.ADMIN;
    if (losesAnAdmin && admins <= 1) {
      throw ApiException.conflict(
          "User "
              + user
              + " is the last ADMIN of "
              + resource
              + " and cannot be "
              + (next == null ? "removed." : "lowered."));
    }
  }

  public static ApiException notFound(Resource resource) {
    return ApiException.notFound(resource.kind().title() + " " + resource.id() + " not found.");
  }

  static ApiException noGrant(Resource resource, String user) {
    return ApiException.notFound("User " + user + " holds no permission on " + resource + ".");
  }
}
