package io.berth.processes.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where a job's time goes, phase by phase: a timer per phase ({@code
 * berth_processes_job_phase_seconds{phase}}, a few fixed buckets) and, at debug level, one line per
 * job with all its phases, so a slow execution can be broken down. Phases of one job are gathered
 * in memory until it ends (a restart loses them, and only them).
 */
@Component
public class JobTimings {
  private static final Logger log = LoggerFactory.getLogger(JobTimings.class);
  private static final int MAX_GATHERED = 10_000;

  /** The phases in the order a job goes through them. */
  public enum Phase {
    /** From submission to the start of its container's preparation (the queue, admission). */
    QUEUE,
    /** Making its output volume (a filesystem image, mounted, where size limits bind pods). */
    VOLUME,
    /** Writing its inputs into the volume. */
    INPUTS,
    /** The engine's part of starting: network, container create and start. */
    CONTAINER,
    /** From the container's start to its exit, as the engine saw them. */
    RUN,
    /** From the container's exit to Berth noticing it. */
    NOTICE,
    /** Reading its log and collecting its outputs. */
    OUTPUTS,
    /** Recording its end in the database (a synchronous execution answers after this). */
    RECORD,
    /** Removing its container (after the answer). */
    CLEANUP
  }

  private final Map<Phase, Timer> timers = new EnumMap<>(Phase.class);
  private final Map<String, Map<Phase, Duration>> gathered = new ConcurrentHashMap<>();

  public JobTimings(MeterRegistry registry) {
    for (Phase phase : Phase.values()) {
      timers.put(
          phase,
          Timer.builder("berth.processes.job.phase")
              .tag("phase", phase.name().toLowerCase(Locale.ROOT))
              .description("Time a job spends in each phase, from submission to cleanup")
              .serviceLevelObjectives( // a few explicit buckets, not Micrometer's 69
                  Duration.ofMillis(10),
                  Duration.ofMillis(50),
                  Duration.ofMillis(100),
                  Duration.ofMillis(250),
                  Duration.ofMillis(500),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(30))
              .register(registry));
    }
  }

  /** Records one phase of a job; a negative span (clocks apart) counts as zero. */
  public void record(String jobId, Phase phase, Duration took) {
    Duration span = took.isNegative() ? Duration.ZERO : took;
    timers.get(phase).record(span);
    if (log.isDebugEnabled() && gathered.size() < MAX_GATHERED) {
      gathered
          .computeIfAbsent(jobId, id -> new EnumMap<>(Phase.class))
          .merge(phase, span, Duration::plus);
    }
  }

  /** Records a phase from {@code startNanos} (a {@link System#nanoTime()}) to now. */
  public void since(String jobId, Phase phase, long startNanos) {
    record(jobId, phase, Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** The job is done with: logs its phases (at debug level) and forgets them. */
  public void done(String jobId) {
    Map<Phase, Duration> phases = gathered.remove(jobId);
    if (phases != null && log.isDebugEnabled()) {
      log.debug(
          "Job {} phases (ms): {}",
          jobId,
          phases.entrySet().stream()
              .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + e.getValue().toMillis())
              .collect(Collectors.joining(" ")));
    }
  }
}
