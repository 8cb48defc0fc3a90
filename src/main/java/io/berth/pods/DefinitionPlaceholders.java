package io.berth.pods;

import io.berth.auth.PasswordGenerator;
import io.berth.templates.Placeholders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The placeholders a pod definition uses, each with the first field it is found in. */
final class DefinitionPlaceholders {
  private DefinitionPlaceholders() {}

  /** Values for the placeholders the definition uses that are not {@code known} yet. */
  static Map<String, String> values(
      PodDefinition d,
      Map<String, String> known,
      Map<String, String> given,
      PasswordGenerator generator) {
    return Placeholders.resolve(of(d), known, given, generator::generate);
  }

  /** Whether a change to these fields may bring placeholders in. */
  static boolean mayUse(List<String> changedFields) {
    return changedFields.contains("environment_variables")
        || changedFields.contains("command")
        || changedFields.contains("arguments");
  }

  /** Placeholder text to field; 400 naming the field for a placeholder Berth does not know. */
  static Map<String, String> of(PodDefinition d) {
    Map<String, String> wanted = new LinkedHashMap<>();
    d.environmentVariables()
        .forEach((name, value) -> add(wanted, "environment_variables." + name, value));
    list(wanted, "command", d.command());
    list(wanted, "arguments", d.arguments());
    return wanted;
  }

  private static void list(Map<String, String> wanted, String field, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      add(wanted, field + "[" + i + "]", values.get(i));
    }
  }

  private static void add(Map<String, String> wanted, String field, String value) {
    for (String text : Placeholders.in(field, value)) {
      wanted.putIfAbsent(text, field);
    }
  }
}
