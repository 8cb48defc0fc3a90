package io.berth.ops.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code berth_job_runs_total{berth_job,outcome}} counts this process's runs and {@code
 * berth_job_last_run_duration_seconds{berth_job}} is the duration of its last one; {@code
 * berth_job_last_success_timestamp_seconds{berth_job}} (0: never) and {@code
 * berth_job_stale{berth_job}} come from the shared history, so a restart does not forget. The
 * scheduler refreshes them from the history every 30 s, so a scrape never waits on the database.
 * The label is {@code berth_job}, not {@code job}: Prometheus owns {@code job} (the scrape job) and
 * renames a target's own to {@code exported_job}.
 */
@Component
public class JobMetrics {
  private static final Logger log = LoggerFactory.getLogger(JobMetrics.class);
  static final Duration REFRESH = Duration.ofSeconds(30);
  static final String LABEL = "berth_job";

  private final MeterRegistry registry;
  private final JobHistory history;
  private final Clock clock;
  private final double stalePeriods;
  private final Instant startedAt;
  private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final Map<String, CronSchedule> watched = new ConcurrentHashMap<>();
  private final Map<String, Double> lastDuration = new ConcurrentHashMap<>();

  public JobMetrics(
      MeterRegistry registry, JobHistory history, JobsProperties properties, Clock clock) {
    this.registry = registry;
    this.history = history;
    this.clock = clock;
    this.stalePeriods = properties.staleAfterPeriods();
    this.startedAt = clock.instant();
  }

  /** Starts reporting last success and staleness for a scheduled job. */
  void watch(String job, CronSchedule schedule) {
    watched.put(job, schedule);
    Gauge.builder("berth.job.last.success.timestamp", () -> lastSuccessSeconds(job))
        .tag(LABEL, job)
        .baseUnit("seconds")
        .description("When the job last succeeded, in any Berth process (Unix time; 0: never)")
        .register(registry);
    Gauge.builder("berth.job.stale", () -> stale(job) ? 1 : 0)
        .tag(LABEL, job)
        .description("1 when the job has not succeeded for the configured number of its periods")
        .register(registry);
  }

  void recorded(String job, JobRun.Outcome outcome, Duration took) {
    Counter.builder("berth.job.runs")
        .tag(LABEL, job)
        .tag("outcome", outcome.column())
        .description("Runs of scheduled jobs in this process, by outcome")
        .register(registry)
        .increment();
    if (lastDuration.put(job, took.toNanos() / 1e9) == null) {
      // once per job: a gauge registered again is ignored, and Micrometer warns of it
      Gauge.builder("berth.job.last.run.duration", lastDuration, d -> d.getOrDefault(job, 0.0))
          .tag(LABEL, job)
          .baseUnit("seconds")
          .description("How long the job's last run in this process took")
          .register(registry);
    }
    if (outcome == JobRun.Outcome.SUCCESS) {
      lastSuccess.merge(job, clock.instant(), (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  /** When the job last succeeded anywhere, as far as the history said at the last refresh. */
  public Optional<Instant> lastSuccess(String job) {
    return Optional.ofNullable(lastSuccess.get(job));
  }

  public boolean stale(String job) {
    CronSchedule schedule = watched.get(job);
    if (schedule == null) {
      return false;
    }
    Instant since = lastSuccess(job).orElse(startedAt);
    return schedule.stale(since, clock.instant(), stalePeriods);
  }

  /**
   * 0 when the job never succeeded: {@code time() - NaN} is NaN and compares false, so an alert on
   * the age of the last success would stay silent exactly when nothing ever worked.
   */
  private double lastSuccessSeconds(String job) {
    return lastSuccess(job).map(t -> t.toEpochMilli() / 1000.0).orElse(0.0);
  }

  /** Reads the last successes of every job from the shared history. */
  void refresh() {
    try {
      history.lastSuccesses().forEach((job, at) -> lastSuccess.merge(job, at, JobMetrics::later));
    } catch (RuntimeException e) {
      log.debug("Could not read the job history: {}", e.getMessage());
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
