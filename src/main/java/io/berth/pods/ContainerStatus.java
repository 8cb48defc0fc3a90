package io.berth.pods;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the reconciler last saw of a pod's container and remembers between passes (stored as the
 * pod's {@code status_container}, so it survives a crash): its state, which generation it started,
 * how often it was restarted, why it last failed, when it may be tried again, and where each
 * container port answers ({@code endpoints}: port to {@code host:port}, the proxy's routing
 * contract). Every field is absent before the reconciler first wrote one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerStatus(
    @JsonProperty("state") String state,
    @JsonProperty("instance_generation") Long instanceGeneration,
    @JsonProperty("restart_count") Integer restartCount,
    @JsonProperty("reason") String reason,
    @JsonProperty("exit_code") Integer exitCode,
    @JsonProperty("next_restart_ts") Instant nextRestart,
    @JsonProperty("last_restart_ts") Instant lastRestart,
    @JsonProperty("terminal") Boolean terminal,
    @JsonProperty("endpoints") Map<String, String> endpoints) {

  public static final ContainerStatus NONE =
      new ContainerStatus(null, null, null, null, null, null, null, null, null);

  public ContainerStatus {
    terminal = Boolean.TRUE.equals(terminal) ? Boolean.TRUE : null;
    endpoints = endpoints == null ? null : Map.copyOf(endpoints);
  }

  /** The same status, with where each container port answers once it is available. */
  public ContainerStatus withEndpoints(Map<String, String> byPort) {
    return new ContainerStatus(
        state,
        instanceGeneration,
        restartCount,
        reason,
        exitCode,
        nextRestart,
        lastRestart,
        terminal,
        byPort);
  }

  /** Where container port {@code port} answers ({@code host:port}), when the pod is available. */
  public Optional<String> endpoint(int port) {
    return endpoints == null ? Optional.empty() : Optional.ofNullable(endpoints.get("" + port));
  }

  public boolean isTerminal() {
    return Boolean.TRUE.equals(terminal);
  }

  /** The API's {@code status_container}: the stored fields, in their stored order. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    putIfSet(map, "state", state);
    putIfSet(map, "instance_generation", instanceGeneration);
    putIfSet(map, "restart_count", restartCount);
    putIfSet(map, "reason", reason);
    putIfSet(map, "exit_code", exitCode);
    putIfSet(map, "next_restart_ts", nextRestart == null ? null : nextRestart.toString());
    putIfSet(map, "last_restart_ts", lastRestart == null ? null : lastRestart.toString());
    putIfSet(map, "terminal", terminal);
    if (endpoints != null) {
      map.put("endpoints", new java.util.TreeMap<>(endpoints));
    }
    return map;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
