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

  public void require(Caller caller) {
    boolean cli = caller.equals(AdminTokenFilter.CLI_CALLER);
    if (!cli && !(caller.isTenantAdmin() && caller.tenant().equals(siteTenant))) {
      throw ApiException.forbidden(
          "Only administrators (role admin) of the site's tenant "
              + siteTenant
              + " may use /v3/admin.");
    }
  }
}
