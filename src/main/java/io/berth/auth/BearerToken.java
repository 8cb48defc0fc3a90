package io.berth.auth;

import jakarta.servlet.http.HttpServletRequest;

/** Where a request carries its token: Tapis's header first, then the standard one. */
public final class BearerToken {
  private BearerToken() {}

  public static String from(HttpServletRequest request) {
    String tapis = request.getHeader("X-Tapis-Token");
    if (tapis != null && !tapis.isBlank()) {
      return tapis.trim();
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }
}
