package io.berth.ops.probe;

import java.time.Instant;
import java.util.List;

/** A whole probe run: when it started, its steps in order, and whether all passed. */
public record ProbeReport(Instant startedAt, List<ProbeStep> steps) {
  public boolean ok() {
    return !steps.isEmpty() && steps.stream().allMatch(ProbeStep::ok);
  }
}
