package io.berth.quotas;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code PUT /v3/pods/quotas/{user}}: the user's own limits; a quota left out (or null)
 * takes the site's default.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QuotaUpdate(Long pods, Long runningPods, Long tcpPorts, Long volumeMb) {}
