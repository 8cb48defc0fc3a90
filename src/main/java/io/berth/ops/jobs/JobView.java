package io.berth.ops.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A job as {@code GET /v3/admin/jobs} shows it. */
public record JobView(
    String name,
    String schedule,
    @JsonProperty("time_zone") String timeZone,
    @JsonProperty("next_run") Instant nextRun,
    @JsonProperty("last_run") JobRun lastRun,
    @JsonProperty("last_success") Instant lastSuccess,
    boolean stale) {}
