package io.berth.permissions;

import java.util.Locale;
import java.util.Optional;

/** Tapis's permission levels, ordered: each includes the rights of the ones before it. */
public enum PermissionLevel {
  READ,
  USER,
  ADMIN;

  public boolean atLeast(PermissionLevel other) {
    return compareTo(other) >= 0;
  }

  public static Optional<PermissionLevel> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
