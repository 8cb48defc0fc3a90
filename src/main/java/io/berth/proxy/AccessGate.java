package io.berth.proxy;

/**
 * Decides whether a request may pass a gated route (Tapis's tapis_auth): given the route and what
 * the request presents, allow (saying who passed, and a session to set when there is a new one) or
 * refuse with a reason.
 */
public interface AccessGate {
  /**
   * A Berth token from the request's headers, or else the proxy's session cookie; each nullable.
   */
  record Credentials(String token, String session) {}

  sealed interface Verdict {
    /**
     * @param session a new session value for the {@code berth_session} cookie, or null to keep the
     *     one the client has
     * @param tenantAdmin whether the user is an admin of the tenant (who may wake any of its pods)
     */
    record Allowed(String tenant, String user, String session, boolean tenantAdmin)
        implements Verdict {}

    record NoCredentials() implements Verdict {}

    record Denied(String reason) implements Verdict {}
  }

  Verdict check(Route route, Credentials credentials);
}
