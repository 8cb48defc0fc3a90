package io.berth.templates;

import io.berth.web.ApiException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Berth's placeholders in a pod definition's variables, command and arguments, resolved once when
 * the pod is made and kept sealed, out of the definition shown:
 *
 * <ul>
 *   <li>{@code ${pods:random:N}} (or {@code ${pods:random:N:label}}): a generated secret of N
 *       letters and digits, 8 to 128; the same text is the same secret throughout the pod;
 *   <li>{@code ${pods:value:NAME}}: a value the pod's owner must give in {@code
 *       placeholder_values}; {@code ${pods:value:NAME:-default}} has a default.
 * </ul>
 *
 * Any other {@code ${pods:...}} is refused, naming the field; other {@code ${...}} (a shell's) are
 * left alone, and the credential names ({@code ${user_password}}...) stay the credentials'.
 */
public final class Placeholders {
  public static final int MIN_RANDOM = 8;
  public static final int MAX_RANDOM = 128;
  public static final int MAX_VALUE = 1024;
  private static final Pattern ANY = Pattern.compile("\\$\\{pods:([^}]*)}");
  private static final Pattern RANDOM =
      Pattern.compile("random:(\\d{1,3})(?::[A-Za-z0-9_]{1,32})?");
  private static final Pattern VALUE =
      Pattern.compile("value:([A-Za-z_][A-Za-z0-9_]{0,63})(?::-([^}]{0,256}))?");

  private Placeholders() {}

  /** The placeholders a value holds (their texts); 400 naming {@code field} for an unknown one. */
  public static Set<String> in(String field, String value) {
    Set<String> found = new LinkedHashSet<>();
    if (value == null) {
      return found;
    }
    Matcher m = ANY.matcher(value);
    while (m.find()) {
      String body = m.group(1);
      Matcher random = RANDOM.matcher(body);
      if (random.matches()) {
        int length = Integer.parseInt(random.group(1));
        if (length < MIN_RANDOM || length > MAX_RANDOM) {
          throw ApiException.badRequest(
              "Field "
                  + field
                  + ": placeholder "
                  + m.group()
                  + " must ask for "
                  + MIN_RANDOM
                  + " to "
                  + MAX_RANDOM
                  + " characters.");
        }
      } else if (!VALUE.matcher(body).matches()) {
        throw ApiException.badRequest(
            "Field "
                + field
                + ": unknown placeholder "
                + m.group()
                + "; Berth knows ${pods:random:N}, ${pods:value:NAME} and"
                + " ${pods:value:NAME:-default}.");
      }
      found.add(m.group());
    }
    return found;
  }

  /**
   * Values for the placeholders not yet {@code known}: generated, given by the owner (by name), or
   * the default; a required value that was not given is a 400 naming it and where it is used.
   *
   * @param wanted each placeholder's text and the field it was found in
   */
  public static Map<String, String> resolve(
      Map<String, String> wanted,
      Map<String, String> known,
      Map<String, String> given,
      IntFunction<String> random) {
    Map<String, String> values = new LinkedHashMap<>();
    wanted.forEach((text, field) -> {
      if (known.containsKey(text)) {
        return;
      }
      String body = text.substring("${pods:".length(), text.length() - 1);
      Matcher r = RANDOM.matcher(body);
      if (r.matches()) {
        values.put(text, random.apply(Integer.parseInt(r.group(1))));
        return;
      }
      Matcher v = VALUE.matcher(body);
      if (!v.matches()) {
        throw new IllegalArgumentException("not a placeholder: " + text);
      }
      String value = given == null ? null : given.get(v.group(1));
      if (value == null) {
        value = v.group(2);
      }
      if (value == null) {
        throw ApiException.badRequest(
            "Field placeholder_values."
                + v.group(1)
                + " is required: "
                + field
                + " uses "
                + text
                + ".");
      }
      if (value.length() > MAX_VALUE) {
        throw ApiException.badRequest(
            "Field placeholder_values."
                + v.group(1)
                + " must be at most "
                + MAX_VALUE
                + " characters.");
      }
      values.put(text, value);
    });
    return values;
  }

  /** The value with each known placeholder replaced (unknown ones are left as they are). */
  public static String expand(String value, Map<String, String> values) {
    if (value == null || !value.contains("${pods:")) {
      return value;
    }
    Matcher m = ANY.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }
}
