package io.berth.auth;

import io.berth.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * The admin endpoints' rule: {@code bin/berth} (the admin token) or an admin of the site's own
 * tenant. Admins of external tenants manage their tenant's pods, not the site's backups and jobs.
 */
@Component
public class SiteAdmin {
  private final String siteTenant;

  public SiteAdmin(AuthProperties auth) {
    this.siteTenant = auth.tenant();
  }

  /** The site's own tenant: what the site publishes (site templates) belongs to it. */
  public String siteTenant() {
    return siteTenant;
  }

  public boolean is(Caller caller) {
    return caller.equals(AdminTokenFilter.CLI_CALLER)
        || (caller.isTenantAdmin() && caller.tenant().equals(siteTenant));
  }

  public void require(Caller caller) {
    if (!is(caller)) {
      throw ApiException.forbidden(
          "Only administrators (role admin) of the site's tenant "
              + siteTenant
              + " may use /v3/admin.");
    }
  }
}
