package io.berth.pods;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The result of {@code GET /v3/pods/{pod_id}/logs}: container output and Berth's action log. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PodLogs(String logs, List<String> actionLogs) {}
