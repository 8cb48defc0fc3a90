package io.berth.pods;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.berth.auth.PasswordGenerator;
import io.berth.templates.Template;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A pod's generated accounts, in clear: only ever handed to callers with USER or more. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PodCredentials(
    String userUsername,
    String userPassword,
    String adminUsername,
    String adminPassword,
    @JsonIgnore Map<String, String> placeholders) {

  private static final Pattern USERNAME_CHARS = Pattern.compile("[^a-z0-9_]");

  public PodCredentials {
    placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
  }

  /**
   * New accounts for a pod of {@code owner}: the user account named after the owner as a database
   * role may be named, the admin account as the template names it, never the same name.
   */
  static PodCredentials generate(String owner, Template template, PasswordGenerator passwords) {
    String user = USERNAME_CHARS.matcher(owner.toLowerCase(Locale.ROOT)).replaceAll("_");
    if (user.isEmpty() || !Character.isLetter(user.charAt(0))) {
      user = "u" + user;
    }
    if (user.length() > 63) {
      user = user.substring(0, 63);
    }
    String admin = template == null ? "podsadmin" : template.adminUsername();
    if (admin.equals(user)) {
      user = user + "_user";
    }
    return new PodCredentials(user, passwords.generate(), admin, passwords.generate(), Map.of());
  }

  /** The same accounts with the values of the pod's placeholders (sealed with them at rest). */
  public PodCredentials withPlaceholders(Map<String, String> values) {
    return new PodCredentials(userUsername, userPassword, adminUsername, adminPassword, values);
  }

  @Override
  public String toString() {
    return "PodCredentials[user="
        + userUsername
        + ", admin="
        + adminUsername
        + ", passwords and "
        + placeholders.size()
        + " placeholder values hidden]";
  }
}
