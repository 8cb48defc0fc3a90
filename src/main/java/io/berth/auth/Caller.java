package io.berth.auth;

import java.util.Set;

/**
 * Who is calling: the authenticated user of a tenant, with the roles their token carries. Resolved
 * from the request's token by the auth filter and injected into controller methods.
 */
public record Caller(String tenant, String user, Set<String> roles) {
  public static final String ADMIN_ROLE = "admin";

  /** The request attribute the auth filter stores the caller under. */
  public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

  public Caller {
    roles = Set.copyOf(roles);
  }

  /** A tenant admin sees and manages every pod of their own tenant. */
  public boolean isTenantAdmin() {
    return roles.contains(ADMIN_ROLE);
  }
}
