package io.berth.proxy;

/**
 * Decides whether a request may pass a gated route (Tapis's tapis_auth): given the route and the
 * bearer token found on the request (header or session cookie), allow or refuse with a reason.
 */
public interface AccessGate {
  sealed interface Verdict {
    record Allowed(String user) implements Verdict {}

    record NoCredentials() implements Verdict {}

    record Denied(String reason) implements Verdict {}
  }

  Verdict check(Route route, String token);
}
