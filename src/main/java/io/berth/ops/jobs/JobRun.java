package io.berth.ops.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One run of a job as the history keeps it; {@code scheduledFor} is null for a manual run. */
public record JobRun(
    long id,
    String job,
    String node,
    @JsonProperty("scheduled_for") Instant scheduledFor,
    Instant started,
    Instant finished,
    Outcome outcome,
    @JsonProperty("log_excerpt") String logExcerpt) {

  /** How a run ended; RUNNING until it does (or forever, if its process died). */
  public enum Outcome {
    RUNNING,
    SUCCESS,
    FAILURE;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Outcome ofColumn(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
