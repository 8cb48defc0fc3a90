package io.berth.ops.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.springframework.stereotype.Component;

/**
 * Runs a job under its ShedLock lock (one holder across every process sharing the database),
 * records the run in the history and counts it in the metrics. Scheduled and manual runs of the
 * same job share the lock, so they never overlap.
 */
@Component
public class JobRunner {
  private final LockProvider locks;
  private final JobHistory history;
  private final JobMetrics metrics;
  private final JobsProperties properties;
  private final Clock clock;

  public JobRunner(
      LockProvider locks,
      JobHistory history,
      JobMetrics metrics,
      JobsProperties properties,
      Clock clock) {
    this.locks = locks;
    this.history = history;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Runs {@code work} as a run of {@code job}. {@code scheduledFor} is the cron instant (null for a
   * manual run); {@code lockAtLeastFor} keeps other processes that fire for the same instant a
   * little later from running it again.
   */
  public <T> JobResult<T> run(
      String job,
      Instant scheduledFor,
      Duration lockAtMostFor,
      Duration lockAtLeastFor,
      JobWork<T> work) {
    return run(job, ScheduledJob.WHOLE_SITE, scheduledFor, lockAtMostFor, lockAtLeastFor, work);
  }

  /**
   * The same for the part of the site named by {@code scope} (see {@link ScheduledJob#scope()}):
   * the lock and the one run per instant are per job and scope.
   */
  public <T> JobResult<T> run(
      String job,
      String scope,
      Instant scheduledFor,
      Duration lockAtMostFor,
      Duration lockAtLeastFor,
      JobWork<T> work) {
    Instant now = clock.instant();
    Optional<SimpleLock> lock =
        locks.lock(new LockConfiguration(now, lockName(job, scope), lockAtMostFor, lockAtLeastFor));
    if (lock.isEmpty()) {
      return new JobResult.NotRun<>("job " + job + " is running in another process");
    }
    try {
      Optional<Long> id = history.start(job, scope, properties.node(), scheduledFor, now);
      if (id.isEmpty()) {
        return new JobResult.NotRun<>("job " + job + " already ran for " + scheduledFor);
      }
      return execute(job, id.get(), work);
    } finally {
      lock.get().unlock();
    }
  }

  /** The job's name, or for a scope its name and the scope's digest: lock names have 64 chars. */
  static String lockName(String job, String scope) {
    if (scope.isEmpty()) {
      return job;
    }
    String digest = ScheduledJob.scopeDigest(scope);
    return job.substring(0, Math.min(job.length(), 64 - 1 - digest.length())) + "@" + digest;
  }

  private <T> JobResult<T> execute(String job, long id, JobWork<T> work) {
    JobLog log = new JobLog(job, clock);
    long startNanos = System.nanoTime();
    T value;
    Exception failure = null;
    try {
      value = work.run(log);
    } catch (Exception e) {
      value = null;
      failure = e;
      log.error("failed: " + describe(e));
    }
    JobRun.Outcome outcome = failure == null ? JobRun.Outcome.SUCCESS : JobRun.Outcome.FAILURE;
    history.finish(id, clock.instant(), outcome, log.excerpt());
    metrics.recorded(job, outcome, Duration.ofNanos(System.nanoTime() - startNanos));
    JobRun run = history.find(id).orElseThrow();
    return failure == null
        ? new JobResult.Succeeded<>(run, value)
        : new JobResult.Failed<>(run, failure);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
