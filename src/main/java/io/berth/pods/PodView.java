package io.berth.pods;

import io.berth.templates.Networking;
import io.berth.templates.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A pod as the API shows it: the Tapis Pods fields, with the generated URLs filled in, and Berth's
 * own {@code pod_template}, {@code url}, {@code action_logs}; for a pod from a stored template,
 * {@code template_tag} (the exact tag, {@code tag@time}, its definition was merged from); and the
 * idle fields: {@code idle_timeout}, {@code last_activity_ts} (traffic through the proxy, flushed
 * periodically) and {@code stop_reason} (why Berth stopped the pod: idle, time_to_stop), and {@code
 * wake_on_connect} (the first request or connection to its URL starts it however it was stopped; a
 * pod stopped for idleness wakes anyway).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PodView(
    String podId,
    String podTemplate,
    String image,
    String template,
    String templateTag,
    String description,
    List<String> command,
    List<String> arguments,
    Map<String, String> environmentVariables,
    StatusRequested statusRequested,
    PodStatus status,
    Map<String, Object> statusContainer,
    Map<String, Networking> networking,
    Resources resources,
    String computeQueue,
    Map<String, VolumeMount> volumeMounts,
    int timeToStopDefault,
    Integer timeToStopInstance,
    Instant timeToStopTs,
    Instant startInstanceTs,
    Instant creationTs,
    Instant updateTs,
    String url,
    List<String> actionLogs,
    int idleTimeout,
    Instant lastActivityTs,
    String stopReason,
    boolean wakeOnConnect) {}
