package io.berth.podexec;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v3/pods/{pod_id}/exec} as the spec has it: {@code commands} is one
 * command (a list of strings) or several (a list of lists); loosely typed so the rules can name
 * what is wrong. Timeouts in seconds.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExecRequest(
    Object commands, Object totalTimeout, Object commandTimeout, Object failOnNonSuccess) {}
