package io.berth.templates;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A pod template: a curated image with its networking, environment, credential injection, readiness
 * probe, data paths and default resources. Values in {@code environment} and {@code command} may
 * name the pod's generated credentials as {@code ${user_username}}, {@code ${user_password}},
 * {@code ${admin_username}} and {@code ${admin_password}}; they are expanded only when the
 * container is created, never stored or shown in clear. {@code idleTimeout} is what pods made from
 * it get when they set none (seconds without traffic before they are stopped; -1: never).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Template(
    String name,
    String description,
    String image,
    List<String> command,
    Map<String, Networking> networking,
    Map<String, String> environment,
    String credentials,
    String adminUsername,
    Readiness readiness,
    List<String> dataPaths,
    Resources resources,
    List<String> capabilities,
    Integer runAsUser,
    Integer idleTimeout) {

  public static final String PREFIX = "template/";

  public Template {
    command = command == null ? List.of() : List.copyOf(command);
    networking = networking == null ? Map.of() : Map.copyOf(networking);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    credentials = credentials == null ? "" : credentials;
    adminUsername = adminUsername == null ? "podsadmin" : adminUsername;
    readiness = readiness == null ? new Readiness("tcp", null, null, 120) : readiness;
    dataPaths = dataPaths == null ? List.of() : List.copyOf(dataPaths);
    resources = resources == null ? new Resources(null, null, null, null, null) : resources;
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
  }

  public String reference() {
    return PREFIX + name;
  }

  /** How Berth decides the service answers: a TCP connect, or an HTTP GET below 500. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Readiness(String type, Integer port, String path, Integer timeoutSeconds) {
    public Readiness {
      type = type == null ? "tcp" : type;
      timeoutSeconds = timeoutSeconds == null ? 120 : timeoutSeconds;
    }
  }
}
