package io.berth.ops.jobs;

import io.berth.auth.Caller;
import io.berth.web.ApiException;

/** The admin endpoints' rule: the caller holds the admin role (or is {@code bin/berth}). */
public final class SiteAdmin {
  private SiteAdmin() {}

  public static void require(Caller caller) {
    if (!caller.isTenantAdmin()) {
      throw ApiException.forbidden("Only administrators (role admin) may use /v3/admin.");
    }
  }
}
