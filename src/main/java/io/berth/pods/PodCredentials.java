package io.berth.pods;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A pod's generated accounts, in clear: only ever handed to callers with USER or more. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PodCredentials(
    String userUsername, String userPassword, String adminUsername, String adminPassword) {

  @Override
  public String toString() {
    return "PodCredentials[user="
        + userUsername
        + ", admin="
        + adminUsername
        + ", passwords hidden]";
  }
}
