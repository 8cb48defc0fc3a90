package io.berth.ops.status;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the status YAML strictly: an unknown key, a wrong type, a bad URL, duration or condition
 * stops Berth with a message naming where it is ({@code checks[2].conditions[0]: ...}).
 */
final class StatusConfigLoader {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private StatusConfigLoader() {}

  static StatusConfig parse(String yaml) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new InvalidStatusConfigException(
          "the status configuration is not valid YAML: " + e.getMessage());
    }
    Map<String, Object> top = map("(top level)", root == null ? Map.of() : root);
    only("(top level)", top, "checks", "alerting", "maintenance");
    StatusConfig.Alerting alerting = alerting(top.get("alerting"));
    List<CheckDefinition> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<Object> items = list("checks", top.getOrDefault("checks", List.of()));
    for (int i = 0; i < items.size(); i++) {
      CheckDefinition check = check("checks[" + i + "]", items.get(i), alerting);
      if (!names.add(check.name())) {
        throw new InvalidStatusConfigException(
            "checks[" + i + "].name: '" + check.name() + "' is used twice");
      }
      checks.add(check);
    }
    List<MaintenanceWindow> windows = new ArrayList<>();
    List<Object> maintenance = list("maintenance", top.getOrDefault("maintenance", List.of()));
    for (int i = 0; i < maintenance.size(); i++) {
      windows.add(window("maintenance[" + i + "]", maintenance.get(i)));
    }
    return new StatusConfig(List.copyOf(checks), alerting, List.copyOf(windows));
  }

  private static CheckDefinition check(String where, Object node, StatusConfig.Alerting alerting) {
    Map<String, Object> m = map(where, node);
    only(where, m, "name", "url", "method", "interval", "timeout", "conditions", "alerts");
    String name = text(where + ".name", m.get("name"), true);
    if (!NAME.matcher(name).matches()) {
      throw new InvalidStatusConfigException(
          where + ".name: '" + name + "' must be 1-64 lowercase letters, digits, '-' or '_'");
    }
    CheckDefinition.Target target =
        target(where + ".url", text(where + ".url", m.get("url"), true), m.get("method"));
    Duration interval =
        m.containsKey("interval")
            ? ConditionParser.duration(
                where + ".interval", text(where + ".interval", m.get("interval"), true))
            : Duration.ofSeconds(60);
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new InvalidStatusConfigException(where + ".interval: at least 1s");
    }
    Duration timeout =
        m.containsKey("timeout")
            ? ConditionParser.duration(
                where + ".timeout", text(where + ".timeout", m.get("timeout"), true))
            : interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10);
    if (timeout.isZero() || timeout.compareTo(interval) > 0) {
      throw new InvalidStatusConfigException(
          where + ".timeout: must be more than 0 and at most the interval (" + interval + ")");
    }
    List<Condition> conditions = new ArrayList<>();
    List<Object> given = list(where + ".conditions", m.getOrDefault("conditions", List.of()));
    for (int i = 0; i < given.size(); i++) {
      String at = where + ".conditions[" + i + "]";
      conditions.add(ConditionParser.parse(at, text(at, given.get(i), true)));
    }
    if (conditions.isEmpty()) {
      conditions.add(
          target instanceof CheckDefinition.Target.Http
              ? ConditionParser.parse(where, "[STATUS] < 400")
              : ConditionParser.parse(where, "[CONNECTED] == true"));
    }
    List<CheckDefinition.AlertRule> alerts = new ArrayList<>();
    List<Object> rules = list(where + ".alerts", m.getOrDefault("alerts", List.of()));
    for (int i = 0; i < rules.size(); i++) {
      alerts.add(alert(where + ".alerts[" + i + "]", rules.get(i), alerting));
    }
    return new CheckDefinition(
        name, target, interval, timeout, List.copyOf(conditions), List.copyOf(alerts));
  }

  private static CheckDefinition.Target target(String where, String url, Object method) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidStatusConfigException(where + ": '" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (method != null && !scheme.startsWith("http")) {
      throw new InvalidStatusConfigException(
          where + ": method applies to http and https checks only");
    }
    return switch (scheme) {
      case "http", "https" -> {
        if (uri.getHost() == null) {
          throw new InvalidStatusConfigException(where + ": '" + url + "' has no host");
        }
        String verb =
            method == null
                ? "GET"
                : text(where.replace(".url", ".method"), method, true).toUpperCase(Locale.ROOT);
        if (!Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS").contains(verb)) {
          throw new InvalidStatusConfigException(
              where.replace(".url", ".method") + ": '" + verb + "' is not an HTTP method");
        }
        yield new CheckDefinition.Target.Http(uri, verb);
      }
      case "tcp" -> {
        if (uri.getHost() == null || uri.getPort() < 1) {
          throw new InvalidStatusConfigException(
              where + ": a tcp check needs tcp://host:port, not '" + url + "'");
        }
        yield new CheckDefinition.Target.Tcp(uri.getHost(), uri.getPort());
      }
      case "berth" -> {
        String component = uri.getSchemeSpecificPart().replaceFirst("^//", "");
        if (!Set.of("database", "engine").contains(component)) {
          throw new InvalidStatusConfigException(
              where + ": berth://database or berth://engine, not '" + url + "'");
        }
        yield new CheckDefinition.Target.Internal(component);
      }
      default ->
          throw new InvalidStatusConfigException(
              where + ": '" + url + "' must start with http://, https://, tcp:// or berth://");
    };
  }

  private static CheckDefinition.AlertRule alert(
      String where, Object node, StatusConfig.Alerting alerting) {
    Map<String, Object> m = map(where, node);
    only(
        where,
        m,
        "type",
        "failure-threshold",
        "success-threshold",
        "send-on-resolved",
        "description");
    String type = text(where + ".type", m.get("type"), true);
    if (type.equals("webhook") && alerting.webhook() == null
        || type.equals("email") && alerting.email() == null) {
      throw new InvalidStatusConfigException(
          where + ".type: '" + type + "' needs alerting." + type + " to be configured");
    }
    if (!type.equals("webhook") && !type.equals("email")) {
      throw new InvalidStatusConfigException(
          where + ".type: 'webhook' or 'email', not '" + type + "'");
    }
    int failures =
        integer(where + ".failure-threshold", m.getOrDefault("failure-threshold", 3), 1, 1000);
    int successes =
        integer(where + ".success-threshold", m.getOrDefault("success-threshold", 2), 1, 1000);
    boolean resolved = bool(where + ".send-on-resolved", m.getOrDefault("send-on-resolved", true));
    String description =
        m.containsKey("description")
            ? text(where + ".description", m.get("description"), false)
            : "";
    return new CheckDefinition.AlertRule(type, failures, successes, resolved, description);
  }

  private static StatusConfig.Alerting alerting(Object node) {
    if (node == null) {
      return new StatusConfig.Alerting(null, null);
    }
    Map<String, Object> m = map("alerting", node);
    only("alerting", m, "webhook", "email");
    StatusConfig.Webhook webhook = null;
    if (m.get("webhook") != null) {
      Map<String, Object> w = map("alerting.webhook", m.get("webhook"));
      only("alerting.webhook", w, "url", "headers");
      String url = text("alerting.webhook.url", w.get("url"), true);
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new InvalidStatusConfigException(
            "alerting.webhook.url: an http:// or https:// URL, not '" + url + "'");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      map("alerting.webhook.headers", w.getOrDefault("headers", Map.of()))
          .forEach((k, v) -> headers.put(k, text("alerting.webhook.headers." + k, v, true)));
      webhook = new StatusConfig.Webhook(URI.create(url), Map.copyOf(headers));
    }
    StatusConfig.Email email = null;
    if (m.get("email") != null) {
      Map<String, Object> e = map("alerting.email", m.get("email"));
      only("alerting.email", e, "host", "port", "username", "password", "from", "to", "starttls");
      List<String> to = new ArrayList<>();
      for (Object address :
          list("alerting.email.to", e.get("to") == null ? List.of() : e.get("to"))) {
        to.add(text("alerting.email.to", address, true));
      }
      if (to.isEmpty()) {
        throw new InvalidStatusConfigException("alerting.email.to: at least one address");
      }
      email =
          new StatusConfig.Email(
              text("alerting.email.host", e.get("host"), true),
              integer("alerting.email.port", e.getOrDefault("port", 587), 1, 65535),
              e.get("username") == null
                  ? null
                  : text("alerting.email.username", e.get("username"), false),
              e.get("password") == null
                  ? null
                  : text("alerting.email.password", e.get("password"), false),
              text("alerting.email.from", e.get("from"), true),
              List.copyOf(to),
              bool("alerting.email.starttls", e.getOrDefault("starttls", true)));
    }
    return new StatusConfig.Alerting(webhook, email);
  }

  private static MaintenanceWindow window(String where, Object node) {
    Map<String, Object> m = map(where, node);
    only(where, m, "start", "duration", "timezone", "every");
    LocalTime start;
    try {
      start = LocalTime.parse(text(where + ".start", m.get("start"), true));
    } catch (DateTimeParseException e) {
      throw new InvalidStatusConfigException(where + ".start: a time of day such as 23:00");
    }
    Duration duration =
        ConditionParser.duration(
            where + ".duration", text(where + ".duration", m.get("duration"), true));
    ZoneId zone;
    try {
      zone =
          ZoneId.of(
              m.containsKey("timezone")
                  ? text(where + ".timezone", m.get("timezone"), true)
                  : "UTC");
    } catch (RuntimeException e) {
      throw new InvalidStatusConfigException(
          where + ".timezone: '" + m.get("timezone") + "' is not a time zone");
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Object day : list(where + ".every", m.getOrDefault("every", List.of()))) {
      try {
        days.add(DayOfWeek.valueOf(text(where + ".every", day, true).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidStatusConfigException(
            where + ".every: '" + day + "' is not a day of the week");
      }
    }
    return new MaintenanceWindow(
        start, duration, zone, days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : days);
  }

  // ---- typed access that names the key on every mistake ----

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String where, Object node) {
    if (!(node instanceof Map<?, ?> m)) {
      throw new InvalidStatusConfigException(where + ": expected a mapping");
    }
    for (Object key : m.keySet()) {
      if (!(key instanceof String)) {
        throw new InvalidStatusConfigException(where + ": key " + key + " is not text");
      }
    }
    return (Map<String, Object>) m;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(String where, Object node) {
    if (!(node instanceof List<?>)) {
      throw new InvalidStatusConfigException(where + ": expected a list");
    }
    return (List<Object>) node;
  }

  private static void only(String where, Map<String, Object> m, String... allowed) {
    Set<String> known = Set.of(allowed);
    for (String key : m.keySet()) {
      if (!known.contains(key)) {
        throw new InvalidStatusConfigException(
            where + ": unknown key '" + key + "' (known: " + String.join(", ", allowed) + ")");
      }
    }
  }

  private static String text(String where, Object value, boolean required) {
    if (value == null || value instanceof Map || value instanceof List) {
      if (required || value != null) {
        throw new InvalidStatusConfigException(
            where + ": " + (value == null ? "is required" : "expected a value"));
      }
      return null;
    }
    String s = value.toString();
    if (required && s.isBlank()) {
      throw new InvalidStatusConfigException(where + ": must not be empty");
    }
    return s;
  }

  private static int integer(String where, Object value, int min, int max) {
    if (!(value instanceof Integer i) || i < min || i > max) {
      throw new InvalidStatusConfigException(
          where + ": a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
    return i;
  }

  private static boolean bool(String where, Object value) {
    if (!(value instanceof Boolean b)) {
      throw new InvalidStatusConfigException(where + ": true or false, not '" + value + "'");
    }
    return b;
  }
}
