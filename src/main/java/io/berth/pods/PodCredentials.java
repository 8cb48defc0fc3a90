package io.berth.pods;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
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

  public PodCredentials {
    placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
  }

  public PodCredentials(
      String userUsername, String userPassword, String adminUsername, String adminPassword) {
    this(userUsername, userPassword, adminUsername, adminPassword, Map.of());
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
