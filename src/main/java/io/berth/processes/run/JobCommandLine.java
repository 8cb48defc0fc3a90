package io.berth.processes.run;

import io.berth.processes.catalog.ExecutionUnit;
import io.berth.processes.catalog.ExecutionUnit.Argument;
import io.berth.processes.catalog.InputDescription;
import io.berth.processes.catalog.ProcessDescription;
import io.berth.processes.catalog.Schemas;
import io.berth.processes.jobs.InputValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The words after the entrypoint, as CWL builds a command line: the base command, then arguments
 * and bound inputs by position (stable). A file-like input (binary, by reference, a directory) is
 * its path under /inputs; a boolean is its prefix alone when true and nothing when false; an array
 * or repeated input is its items (after the prefix once), or one word joined by the item separator.
 * Absent optional inputs add nothing.
 */
public final class JobCommandLine {
  private JobCommandLine() {}

  public static List<String> words(
      ExecutionUnit unit, ProcessDescription process, Map<String, List<InputValue>> inputs) {
    List<String> words = new ArrayList<>(unit.base());
    List<Argument> sorted = new ArrayList<>(unit.arguments());
    sorted.sort(Comparator.comparingInt(Argument::position));
    for (Argument a : sorted) {
      if (a.input() == null) {
        add(words, a, List.of(a.literal()));
        continue;
      }
      List<InputValue> values = inputs.get(a.input());
      if (values == null || values.isEmpty()) {
        continue;
      }
      InputDescription description = process.inputs().get(a.input());
      List<String> items = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        InputValue v = values.get(i);
        if (v.reference()
            || v.base64()
            || (description != null && !Schemas.literal(description.schema()))) {
          items.add("/" + JobWorkspace.inputPath(a.input(), description, i));
        } else if (v.value().isBoolean()) {
          if (v.value().asBoolean() && a.prefix() != null) {
            words.add(a.prefix());
          }
        } else if (v.value().isArray()) {
          v.value().forEach(item -> items.add(text(item)));
        } else {
          items.add(text(v.value()));
        }
      }
      if (!items.isEmpty()) {
        add(words, a, items);
      }
    }
    return words;
  }

  private static void add(List<String> words, Argument a, List<String> items) {
    List<String> values =
        a.itemSeparator() == null ? items : List.of(String.join(a.itemSeparator(), items));
    if (a.prefix() == null) {
      words.addAll(values);
    } else if (a.separate()) {
      words.add(a.prefix());
      words.addAll(values);
    } else {
      words.add(a.prefix() + values.get(0));
      words.addAll(values.subList(1, values.size()));
    }
  }

  private static String text(JsonNode value) {
    return value.isString() ? value.asString() : value.toString();
  }
}
