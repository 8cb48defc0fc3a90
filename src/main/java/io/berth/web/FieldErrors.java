package io.berth.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code detail} of a refused value, read from the refusal's own words: Berth's messages start
 * by naming what is at fault ("Field networking.default.port must be ...", "Parameter limit ...",
 * "Path ..."), so the location is said once, in the message, and repeated here in the shape Tapis
 * clients parse.
 */
final class FieldErrors {
  private static final Pattern FIELD =
      Pattern.compile("^Field ([A-Za-z0-9_\\[\\]-]+(?:\\.[A-Za-z0-9_\\[\\]-]+)*)");
  private static final Pattern PARAMETER = Pattern.compile("^Parameter ([A-Za-z0-9_]+)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  private FieldErrors() {}

  static List<Envelope.FieldError> from(String message) {
    String text = message == null ? "" : message;
    List<Object> loc = new ArrayList<>();
    Matcher field = FIELD.matcher(text);
    Matcher parameter = PARAMETER.matcher(text);
    if (field.find()) {
      loc.add("body");
      loc.addAll(path(field.group(1)));
    } else if (parameter.find()) {
      loc.add("query");
      loc.add(parameter.group(1));
    } else if (text.startsWith("Path ")) {
      loc.add("path");
      loc.add("path");
    } else {
      loc.add("body");
    }
    return List.of(new Envelope.FieldError(List.copyOf(loc), text, type(text)));
  }

  /** {@code command[2]} becomes "command", 2; {@code networking.default.port} its three names. */
  private static List<Object> path(String dotted) {
    List<Object> parts = new ArrayList<>();
    for (String name : dotted.split("\\.")) {
      Matcher index = INDEX.matcher(name);
      int bracket = name.indexOf('[');
      if (bracket != 0) {
        parts.add(bracket < 0 ? name : name.substring(0, bracket));
      }
      while (index.find()) {
        parts.add(Integer.parseInt(index.group(1)));
      }
    }
    return parts;
  }

  private static String type(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("is required") || m.contains("are required") || m.contains("is missing")) {
      return "missing";
    }
    if (m.contains("unknown field")) {
      return "extra_forbidden";
    }
    if (m.contains("wrong type")) {
      return "type_error";
    }
    return "value_error";
  }
}
