package io.berth.ops.status;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Gatus-style condition strings; anything it does not understand is refused by name. */
final class ConditionParser {
  private static final Pattern CONDITION =
      Pattern.compile(
          "^\\s*\\[([A-Z_]+)\\]((?:\\.[A-Za-z0-9_\\-]+|\\[\\d+\\])*)\\s*(==|!=|<=|>=|<|>)\\s*(.+?)\\s*$");
  private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h|d)$");
  private static final Pattern PATH_PART = Pattern.compile("\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)\\]");

  private ConditionParser() {}

  static Condition parse(String where, String text) {
    Matcher m = CONDITION.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new InvalidStatusConfigException(
          where
              + ": condition '"
              + text
              + "' is not of the form [PLACEHOLDER] operator value"
              + " ([STATUS], [RESPONSE_TIME], [BODY], [BODY].path, [CERTIFICATE_EXPIRATION], [CONNECTED])");
    }
    String placeholder = m.group(1);
    String path = m.group(2);
    String operator = m.group(3);
    String value = m.group(4);
    if (!path.isEmpty() && !placeholder.equals("BODY")) {
      throw new InvalidStatusConfigException(
          where + ": only [BODY] takes a path, in '" + text + "'");
    }
    return switch (placeholder) {
      case "STATUS" ->
          new Condition.Status(new Comparison(operator, number(where, text, value)), text);
      case "RESPONSE_TIME" ->
          new Condition.ResponseTime(new Comparison(operator, number(where, text, value)), text);
      case "CONNECTED" -> {
        if (!operator.equals("==") || !(value.equals("true") || value.equals("false"))) {
          throw new InvalidStatusConfigException(
              where + ": [CONNECTED] takes '== true' or '== false', not '" + text + "'");
        }
        yield new Condition.Connected(Boolean.parseBoolean(value), text);
      }
      case "CERTIFICATE_EXPIRATION" -> {
        if (operator.equals("==") || operator.equals("!=")) {
          throw new InvalidStatusConfigException(
              where + ": [CERTIFICATE_EXPIRATION] compares with <, <=, > or >=, in '" + text + "'");
        }
        yield new Condition.CertificateExpiration(operator, duration(where, value), text);
      }
      case "BODY" -> new Condition.BodyPath(pointer(path), operator, unquote(value), text);
      default ->
          throw new InvalidStatusConfigException(
              where + ": unknown placeholder [" + placeholder + "] in '" + text + "'");
    };
  }

  static Duration duration(String where, String value) {
    Matcher d = DURATION.matcher(value.trim());
    if (!d.matches()) {
      throw new InvalidStatusConfigException(
          where + ": '" + value + "' is not a duration such as 30s, 5m, 48h or 7d");
    }
    long n = Long.parseLong(d.group(1));
    return switch (d.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static double number(String where, String text, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new InvalidStatusConfigException(
          where + ": '" + value + "' is not a number, in '" + text + "'");
    }
  }

  private static String pointer(String path) {
    StringBuilder pointer = new StringBuilder();
    Matcher p = PATH_PART.matcher(path);
    while (p.find()) {
      pointer.append('/').append(p.group(1) != null ? p.group(1) : p.group(2));
    }
    return pointer.toString();
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }
}
