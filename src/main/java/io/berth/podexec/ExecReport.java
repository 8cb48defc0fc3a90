package io.berth.podexec;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The result of an exec request, shaped as Tapis answers it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExecReport(
    List<CommandResult> executionResults, int totalCommands, long successfulCommands) {}
