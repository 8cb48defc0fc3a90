package io.berth.snapshots;

import io.berth.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which copies a snapshot schedule keeps: {@code keep_last=N} (the newest N) and {@code
 * keep_days=D} (those taken in the last D days), comma-separated; a copy is kept while it meets
 * every rule given. No rule keeps every copy. Copies still being taken are never pruned.
 */
public record RetentionPolicy(Integer keepLast, Integer keepDays) {
  public static final String FIELD = "retention_policy";
  public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(null, null);
  private static final int MAX_LAST = 1000;
  private static final int MAX_DAYS = 3650;

  /** The policy a request gives, or a 400 naming {@code retention_policy} and the rule. */
  public static RetentionPolicy parse(String text) {
    if (text == null || text.isBlank()) {
      return KEEP_ALL;
    }
    Integer last = null;
    Integer days = null;
    for (String rule : text.split(",")) {
      String[] parts = rule.strip().split("=", 2);
      String name = parts[0].strip().toLowerCase(Locale.ROOT);
      if (parts.length != 2 || !(name.equals("keep_last") || name.equals("keep_days"))) {
        throw refused("'" + rule.strip() + "' is not a rule");
      }
      int value = number(parts[1].strip(), name, name.equals("keep_last") ? MAX_LAST : MAX_DAYS);
      if (name.equals("keep_last")) {
        if (last != null) {
          throw refused("keep_last is given twice");
        }
        last = value;
      } else {
        if (days != null) {
          throw refused("keep_days is given twice");
        }
        days = value;
      }
    }
    return new RetentionPolicy(last, days);
  }

  /** The policy as stored and shown: its rules in a fixed order, "" for none. */
  public String text() {
    List<String> rules = new ArrayList<>();
    if (keepLast != null) {
      rules.add("keep_last=" + keepLast);
    }
    if (keepDays != null) {
      rules.add("keep_days=" + keepDays);
    }
    return String.join(",", rules);
  }

  /** Of a schedule's finished copies, those the policy no longer keeps at {@code now}. */
  public List<Snapshot> expired(List<Snapshot> copies, Instant now) {
    List<Snapshot> newestFirst =
        copies.stream()
            .filter(c -> !Snapshot.CREATING.equals(c.status()))
            .sorted(Comparator.comparing(Snapshot::creationTs).reversed())
            .toList();
    List<Snapshot> expired = new ArrayList<>();
    for (int i = 0; i < newestFirst.size(); i++) {
      Snapshot copy = newestFirst.get(i);
      boolean beyondLast = keepLast != null && i >= keepLast;
      boolean tooOld =
          keepDays != null && copy.creationTs().isBefore(now.minus(Duration.ofDays(keepDays)));
      if (beyondLast || tooOld) {
        expired.add(copy);
      }
    }
    return expired;
  }

  private static int number(String value, String name, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw refused(name + " must be a whole number from 1 to " + max + "; it is '" + value + "'");
  }

  private static ApiException refused(String why) {
    return ApiException.badRequest(
        "Field "
            + FIELD
            + ": "
            + why
            + ". Give keep_last=N (the newest N copies) and/or keep_days=D (copies of the last D"
            + " days), comma-separated.");
  }
}
