package io.berth.podexec;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One command's outcome, in Tapis's fields ({@code command}, {@code stdout}, {@code stderr}, {@code
 * success}, {@code duration_sec}, {@code timestamp}) and Berth's ({@code exit_code}, null when it
 * did not end in time; {@code timed_out}; {@code output_truncated} past the site's output limit).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CommandResult(
    List<String> command,
    String stdout,
    String stderr,
    boolean success,
    Integer exitCode,
    boolean timedOut,
    boolean outputTruncated,
    double durationSec,
    String timestamp) {}
