package io.berth.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The paths a browser signs in and works on, with a session cookie ({@code berth_ui}) and CSRF
 * tokens instead of an API token. They are the only paths where that session counts: the API under
 * {@code /v3} never accepts it, so nothing that gets hold of the cookie can call the API with it.
 */
public final class BrowserPaths {
  private BrowserPaths() {}

  /** Spring Security's patterns for the browser's filter chain. */
  static final String[] PATTERNS = {
    "/",
    "/ui",
    "/ui/**",
    "/login",
    "/logout",
    "/oauth2/**",
    "/login/oauth2/**",
    "/v3/pods/*/auth/callback"
  };

  private static final List<String> EXACT = List.of("/", "/ui", "/login", "/logout");
  private static final List<String> PREFIXES = List.of("/ui/", "/oauth2/", "/login/oauth2/");

  /** The gated pod's sign-in callback: a plain host name, as the forwardAuth path has. */
  private static final Pattern CALLBACK =
      Pattern.compile("^/v3/pods/[A-Za-z0-9](?:[A-Za-z0-9-]|\\.(?!\\.))*/auth/callback$");

  /** Whether a request path is one of the browser's (and so none of the token API's). */
  public static boolean matches(String path) {
    return EXACT.contains(path)
        || PREFIXES.stream().anyMatch(path::startsWith)
        || CALLBACK.matcher(path).matches();
  }
}
