package io.berth.templates;

import io.berth.web.ApiException;
import io.berth.web.Descriptions;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules for a networking entry's ip_allow_list, tapis_auth_return_path, cors_* and
 * tapis_ui_uri* fields (the entry with its defaults filled in); each refusal names the field and
 * the rule.
 */
public final class NetworkingRules {
  private static final int MAX_TEXT = 2048;
  private static final int MAX_LIST = 100;
  private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");
  private static final Pattern ORIGIN =
      Pattern.compile("^https?://[A-Za-z0-9.*-]+(?::[0-9]{1,5})?$|^\\*$");

  private NetworkingRules() {}

  /**
   * @param field the entry's field name, e.g. {@code networking.default}
   */
  public static void check(String field, Networking n) {
    List<String> allow = n.ipAllowList();
    if (allow.size() > IpAllowList.MAX_ENTRIES) {
      throw ApiException.badRequest(
          "Field "
              + field
              + ".ip_allow_list may hold at most "
              + IpAllowList.MAX_ENTRIES
              + " entries.");
    }
    if (!allow.isEmpty() && n.isLocalOnly()) {
      throw ApiException.badRequest(
          "Field "
              + field
              + ".ip_allow_list does not apply to local_only entries: leave it empty.");
    }
    for (int i = 0; i < allow.size(); i++) {
      String entry = allow.get(i);
      String at = field + ".ip_allow_list[" + i + "]";
      IpAllowList.problem(entry)
          .ifPresent(problem -> {
            throw ApiException.badRequest("Field " + at + " " + problem + "; it is " + entry + ".");
          });
    }
    String returnPath = n.tapisAuthReturnPath();
    if (!returnPath.startsWith("/") || returnPath.startsWith("//")) {
      throw ApiException.badRequest(
          "Field "
              + field
              + ".tapis_auth_return_path must be a path on the pod's address, starting"
              + " with a single /.");
    }
    text(field + ".tapis_auth_return_path", returnPath);
    text(field + ".tapis_ui_uri", n.tapisUiUri());
    Descriptions.check(field + ".tapis_ui_uri_description", n.tapisUiUriDescription());
    list(
        field + ".cors_allow_origins",
        n.corsAllowOrigins(),
        ORIGIN,
        "an origin (https://host[:port]) or *");
    list(field + ".cors_allow_methods", n.corsAllowMethods(), TOKEN, "an HTTP method name");
    list(field + ".cors_allow_headers", n.corsAllowHeaders(), TOKEN, "a header name");
    if (n.corsMaxAge() < 0 || n.corsMaxAge() > 86400) {
      throw ApiException.badRequest(
          "Field " + field + ".cors_max_age must be from 0 to 86400 seconds.");
    }
  }

  private static void text(String field, String value) {
    if (value.length() > MAX_TEXT) {
      throw ApiException.badRequest(
          "Field " + field + " must be at most " + MAX_TEXT + " characters.");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("Field " + field + " must not contain control characters.");
    }
  }

  private static void list(String field, List<String> values, Pattern rule, String what) {
    if (values.size() > MAX_LIST) {
      throw ApiException.badRequest(
          "Field " + field + " may hold at most " + MAX_LIST + " entries.");
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || !rule.matcher(v).matches()) {
        throw ApiException.badRequest(
            "Field " + field + "[" + i + "] must be " + what + "; it is " + v + ".");
      }
    }
  }
}
