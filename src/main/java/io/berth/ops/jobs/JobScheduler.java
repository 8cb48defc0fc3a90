package io.berth.ops.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one scheduler for every {@link ScheduledJob}: each job fires at the instants of its cron
 * schedule and runs through the {@link JobRunner}'s lock, so every process may schedule every job
 * and each instant still runs once (once per scope for a job whose work differs between processes,
 * see {@link ScheduledJob#scope()}). Runs go to virtual threads: a long backup delays nothing else.
 * A run that outlasts its next instant skips the instants it missed.
 */
@Component
public class JobScheduler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

  /** A job and its effective schedule. */
  public record Entry(ScheduledJob job, CronSchedule schedule) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final JobRunner runner;
  private final JobMetrics metrics;
  private final JobsProperties properties;
  private final Clock clock;
  private ScheduledExecutorService timer;
  private ExecutorService workers;

  public JobScheduler(
      ObjectProvider<ScheduledJob> jobs,
      JobRunner runner,
      JobMetrics metrics,
      JobsProperties properties,
      Clock clock) {
    this.runner = runner;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
    for (ScheduledJob job : jobs.orderedStream().toList()) {
      if (!NAME.matcher(job.name()).matches()) {
        throw new IllegalStateException(
            "job name '" + job.name() + "' must be lower-case letters, digits and dashes");
      }
      String cron = properties.schedule(job.name()).orElse(job.defaultCron());
      CronSchedule schedule;
      try {
        schedule = new CronSchedule(cron, properties.zone());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("schedule of job " + job.name() + ": " + e.getMessage());
      }
      if (entries.putIfAbsent(job.name(), new Entry(job, schedule)) != null) {
        throw new IllegalStateException("two jobs are named " + job.name());
      }
    }
    List<String> unknown = properties.unknownSchedules(entries.keySet());
    if (!unknown.isEmpty()) { // a typo would otherwise leave the job on its default unnoticed
      log.warn(
          "berth.jobs.schedules names no job: {} (the jobs are {})", unknown, entries.keySet());
    }
  }

  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  public Optional<Entry> entry(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** The next instant the job fires in this process, if the scheduler runs here and it is on. */
  public Optional<Instant> nextRun(String name) {
    return isRunning()
        ? entry(name).flatMap(e -> e.schedule().next(clock.instant()))
        : Optional.empty();
  }

  /** Runs the job now, under the same lock as its scheduled runs. */
  public JobResult<Void> runNow(String name) {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new IllegalArgumentException("no job named " + name);
    }
    ScheduledJob job = entry.job();
    return runner.run(name, job.scope(), null, job.lockAtMostFor(), Duration.ZERO, work(job));
  }

  @Override
  public synchronized void start() {
    if (!properties.enabled() || timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "berth-job-timer");
          t.setDaemon(true);
          return t;
        });
    workers =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-job-", 0).factory());
    Instant now = clock.instant();
    for (Entry entry : entries.values()) {
      if (entry.schedule().off()) {
        log.info("Job {} is off", entry.job().name());
      } else {
        // an off job has no last success to report: 0 ("never") would read as stale
        metrics.watch(entry.job().name(), entry.schedule());
        entry.job().scheduledHere();
        log.info(
            "Job {} runs on '{}' ({})",
            entry.job().name(),
            entry.schedule().expression(),
            properties.zone());
        scheduleAfter(entry, now);
      }
    }
    long refresh = JobMetrics.REFRESH.toMillis();
    timer.scheduleWithFixedDelay(metrics::refresh, 0, refresh, TimeUnit.MILLISECONDS);
  }

  private void scheduleAfter(Entry entry, Instant after) {
    entry
        .schedule()
        .next(after)
        .ifPresent(at -> {
          long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
          timer.schedule(() -> dispatch(entry, at), delay, TimeUnit.MILLISECONDS);
        });
  }

  private void dispatch(Entry entry, Instant at) {
    workers.execute(() -> {
      try {
        fire(entry, at);
      } finally {
        synchronized (this) {
          if (timer != null && !timer.isShutdown()) {
            Instant now = clock.instant();
            scheduleAfter(entry, now.isAfter(at) ? now : at);
          }
        }
      }
    });
  }

  private void fire(Entry entry, Instant at) {
    ScheduledJob job = entry.job();
    try {
      Duration atMost = job.lockAtMostFor();
      Duration atLeast = entry.schedule().lockAtLeastFor(at);
      JobResult<Void> result =
          runner.run(
              job.name(),
              job.scope(),
              at,
              atMost,
              atLeast.compareTo(atMost) > 0 ? atMost : atLeast,
              work(job));
      if (result instanceof JobResult.NotRun<Void> notRun) {
        log.debug("Job {} at {} not run here: {}", job.name(), at, notRun.reason());
      }
    } catch (RuntimeException e) {
      // the history or the lock store is unreachable: the next instant tries again
      log.warn("Job {} at {} could not be run: {}", job.name(), at, e.getMessage());
    }
  }

  private static JobWork<Void> work(ScheduledJob job) {
    return log -> {
      job.run(log);
      return null;
    };
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      workers.shutdown();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
