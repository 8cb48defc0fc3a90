package io.berth.permissions;

import io.berth.web.ApiException;

/** The body of {@code POST .../permissions}: a user and a level (READ, USER or ADMIN). */
public record PermissionGrant(String user, String level) {

  /** The grant's level, once user and level are checked; refusals name the field and the rule. */
  public PermissionLevel checkedLevel() {
    if (user == null || user.isBlank()) {
      throw ApiException.badRequest("Field user is required.");
    }
    if (user.length() > 128 || user.contains(":")) {
      throw ApiException.badRequest(
          "Field user must be a username of at most 128 characters without ':'.");
    }
    return PermissionLevel.parse(level)
        .orElseThrow(
            () -> ApiException.badRequest("Field level must be one of READ, USER, ADMIN."));
  }
}
