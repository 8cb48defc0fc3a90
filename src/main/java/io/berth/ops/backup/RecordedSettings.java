package io.berth.ops.backup;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code BERTH_*} settings a backup records in {@code config/environment}, for the record only
 * (restore never reads them back), with no secret in clear: settings named for a secret are left
 * out, development users keep their names and roles but not their passwords, and {@code
 * ...password=}-like parameters inside other values (a database URL, Java options) are omitted.
 */
final class RecordedSettings {
  static final String OMITTED = "(omitted)";
  private static final List<String> SECRET_WORDS =
      List.of("PASSWORD", "KEY", "TOKEN", "SECRET", "CREDENTIAL");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)([a-z0-9_.-]*(?:password|secret|token|key))=([^&;,\\s]+)");

  private RecordedSettings() {}

  static String of(Map<String, String> environment) {
    StringBuilder text =
        new StringBuilder("# BERTH_* settings when the backup was made; secrets omitted\n");
    new TreeMap<>(environment)
        .forEach((name, value) -> {
          if (name.startsWith("BERTH_") && SECRET_WORDS.stream().noneMatch(name::contains)) {
            text.append(name).append('=').append(recorded(name, value)).append('\n');
          }
        });
    return text.toString();
  }

  private static String recorded(String name, String value) {
    if (name.equals("BERTH_DEV_USERS")) {
      return devUsers(value);
    }
    return SECRET_PARAMETER.matcher(value).replaceAll("$1=" + OMITTED);
  }

  /** {@code user:password[:role]} entries as {@code user:(omitted)[:role]}. */
  private static String devUsers(String value) {
    StringBuilder users = new StringBuilder();
    for (String entry : value.split(",")) {
      String[] parts = entry.trim().split(":", -1);
      if (parts[0].isEmpty()) {
        continue;
      }
      users.append(users.isEmpty() ? "" : ",").append(parts[0]).append(':').append(OMITTED);
      if (parts.length > 2) {
        users.append(':').append(parts[2]);
      }
    }
    return users.toString();
  }
}
