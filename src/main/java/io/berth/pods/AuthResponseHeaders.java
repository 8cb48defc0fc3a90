package io.berth.pods;

import io.berth.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tapis's {@code tapis_auth_response_headers}: the headers a gated pod receives about whoever
 * passed its gate, e.g. {@code {"X-Tapis-Username": "<<tapisusername>>@example.org"}}. Values may
 * hold {@code <<tapisusername>>}, {@code <<tenant>>} and {@code <<site>>}. The proxy sets them
 * after removing whatever the client sent under the same names, so a pod may trust them; names that
 * carry credentials or framing are refused.
 */
public final class AuthResponseHeaders {
  private static final int MAX_HEADERS = 16;
  private static final int MAX_VALUE = 1024;
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$");
  private static final Set<String> REFUSED =
      Set.of(
          "host",
          "content-length",
          "content-type",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "upgrade",
          "te",
          "trailer",
          "expect",
          "cookie",
          "authorization",
          "x-tapis-token",
          "forwarded");

  private AuthResponseHeaders() {}

  /** Checks the field of one networking entry; refusals name it and the rule (400). */
  static Map<String, String> check(String field, Map<String, String> headers) {
    String name = field + ".tapis_auth_response_headers";
    if (headers.size() > MAX_HEADERS) {
      throw ApiException.badRequest(
          "Field " + name + " may have at most " + MAX_HEADERS + " headers.");
    }
    Map<String, String> checked = new LinkedHashMap<>();
    headers.forEach((header, value) -> {
      if (!NAME.matcher(header).matches()) {
        throw ApiException.badRequest(
            "Field "
                + name
                + ": '"
                + header
                + "' is not a header name (1 to 64 token characters).");
      }
      String lower = header.toLowerCase(Locale.ROOT);
      if (REFUSED.contains(lower)
          || lower.startsWith("proxy-")
          || lower.startsWith("x-forwarded-")
          || lower.startsWith("sec-websocket-")) {
        throw ApiException.badRequest(
            "Field "
                + name
                + ": header "
                + header
                + " carries credentials or framing and cannot be set.");
      }
      if (value == null || value.length() > MAX_VALUE || hasControl(value)) {
        throw ApiException.badRequest(
            "Field "
                + name
                + "."
                + header
                + " must be text of at most "
                + MAX_VALUE
                + " characters without control characters.");
      }
      checked.put(header, value);
    });
    return checked;
  }

  /** The headers with the placeholders filled in for one caller; control characters dropped. */
  public static Map<String, String> expand(
      Map<String, String> headers, String user, String tenant, String site) {
    Map<String, String> values = new LinkedHashMap<>();
    headers.forEach((name, value) ->
        values.put(
            name,
            value
                .replace("<<tapisusername>>", clean(user))
                .replace("<<tenant>>", clean(tenant))
                .replace("<<site>>", clean(site))));
    return values;
  }

  private static String clean(String text) {
    return text == null ? "" : text.replaceAll("[\\x00-\\x1f\\x7f]", "");
  }

  private static boolean hasControl(String text) {
    return text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
  }
}
