package io.berth.processes.run;

import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobListener;
import io.berth.processes.jobs.JobRepository;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.EngineOutageWarning;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.JobKey;
import io.berth.runtime.ObservedJob;
import io.berth.work.KeyedWorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The level-triggered loop that makes job containers match the database, as the pods' reconciler
 * does for pods: a submission or dismissal wakes it for that job; a periodic pass looks at every
 * unfinished job and every job container, removes containers of finished jobs and, after a grace
 * period, containers of jobs it does not know. Admission from the queue is one at a time, so the
 * per-user and site limits hold; each job is worked on by one worker at a time. Runs in the process
 * that has the reconciler role.
 */
@Component
public class JobReconciler implements JobListener, SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JobReconciler.class);

  private final JobRepository jobs;
  private final ContainerRuntime runtime;
  private final JobStep step;
  private final ProcessesProperties properties;
  private final Clock clock;
  private final boolean enabled;
  private final Duration interval;

  /** How often a job whose exit the engine will tell is looked at anyway. */
  static final Duration WATCHED_POLL = Duration.ofSeconds(1);

  private final Map<JobKey, Instant> orphansSeen = new ConcurrentHashMap<>();
  private final Set<String> exitWatched = ConcurrentHashMap.newKeySet();
  private final Object admission = new Object();
  private final KeyedWorkQueue<String, Optional<ObservedJob>> queue =
      new KeyedWorkQueue<>("berth-jobs", this::work);
  private final EngineOutageWarning engineOutage;

  public JobReconciler(
      JobRepository jobs,
      ContainerRuntime runtime,
      JobStep step,
      ProcessesProperties properties,
      Clock clock,
      @Value("${berth.reconciler.enabled:true}") boolean enabled,
      @Value("${berth.reconciler.interval:3s}") Duration interval) {
    this.jobs = jobs;
    this.runtime = runtime;
    this.step = step;
    this.properties = properties;
    this.clock = clock;
    this.engineOutage = new EngineOutageWarning(log, clock, "jobs");
    this.enabled = enabled;
    this.interval = interval;
  }

  @Override
  public void jobChanged(String jobId) {
    if (!queue.running()) {
      return;
    }
    admit();
    request(jobId, null);
  }

  /** One full pass, on the caller's thread; the periodic pass calls the same. */
  public void fullPass() {
    try {
      Map<JobKey, ObservedJob> observed = new HashMap<>();
      for (ObservedJob o : runtime.observeJobs()) {
        observed.put(o.key(), o);
      }
      Set<JobKey> known = new HashSet<>();
      for (Job job : jobs.pending()) {
        JobKey key = JobSpecs.key(job);
        known.add(key);
        request(job.jobId(), Optional.ofNullable(observed.get(key)));
      }
      removeLeftovers(observed, known);
      admit();
    } catch (EngineUnavailableException e) {
      engineOutage.warn(e);
    } catch (RuntimeException e) {
      log.error("Job reconcile pass failed; the next pass retries", e);
    }
  }

  /** Moves queued jobs into free slots, oldest first, within the per-user and site limits. */
  void admit() {
    synchronized (admission) {
      Map<String, Long> active = new HashMap<>(jobs.activeByOwner());
      long site = active.values().stream().mapToLong(Long::longValue).sum();
      if (site >= properties.maxRunning()) {
        return;
      }
      for (Job job : jobs.queued(Math.max(100, properties.maxRunning() * 4))) {
        if (site >= properties.maxRunning()) {
          return;
        }
        String owner = job.tenant() + "/" + job.owner();
        if (active.getOrDefault(owner, 0L) >= properties.maxRunningPerUser()) {
          continue;
        }
        if (jobs.admit(job.jobId(), clock.instant())) {
          active.merge(owner, 1L, Long::sum);
          site++;
          request(job.jobId(), null);
        }
      }
    }
  }

  /** Containers of finished jobs go now; those of unknown jobs after the grace period. */
  private void removeLeftovers(Map<JobKey, ObservedJob> observed, Set<JobKey> known) {
    Instant now = clock.instant();
    orphansSeen.keySet().retainAll(observed.keySet());
    for (JobKey key : observed.keySet()) {
      if (known.contains(key)) {
        orphansSeen.remove(key);
        continue;
      }
      Optional<Job> job = jobs.find(key.jobId());
      if (job.isPresent() && job.get().tenant().equals(key.tenant())) {
        request(key.jobId(), Optional.of(observed.get(key)));
        continue;
      }
      Instant first = orphansSeen.computeIfAbsent(key, k -> now);
      if (Duration.between(first, now).compareTo(properties.orphanGrace()) >= 0) {
        runtime.removeJob(key);
        orphansSeen.remove(key);
        log.warn(
            "Removed the container of unknown job {}/{}: labelled as Berth's, not in the database",
            key.tenant(),
            key.jobId());
      }
    }
  }

  private void request(String jobId, Optional<ObservedJob> observed) {
    queue.request(jobId, observed);
  }

  /** One round for a job, on its own worker; answers when the queue is to run it again. */
  private Duration work(String jobId, Optional<ObservedJob> hint) {
    JobStep.Result result = reconcile(jobId, hint);
    if (result.freedSlot()) {
      admit();
    }
    return result.watched() != null ? watch(jobId, result) : result.recheck();
  }

  /**
   * A running job: the engine is asked once to tell when its container exits, which wakes the job
   * at once; meanwhile it is looked at only now and then (a lost wait is caught so, and its timeout
   * kept). An engine with no such wait is polled as the step says.
   */
  private Duration watch(String jobId, JobStep.Result result) {
    if (exitWatched.add(jobId)) {
      boolean armed;
      try {
        armed =
            runtime.watchJobExit(
                result.watched().key(),
                () -> {
                  exitWatched.remove(jobId);
                  request(jobId, null);
                },
                () -> exitWatched.remove(jobId));
      } catch (RuntimeException e) {
        armed = false;
      }
      if (!armed) {
        exitWatched.remove(jobId);
        return result.recheck();
      }
    }
    Duration left = Duration.between(clock.instant(), result.watched().deadline());
    Duration backstop =
        result.recheck().compareTo(WATCHED_POLL) > 0 ? result.recheck() : WATCHED_POLL;
    return left.isNegative() ? Duration.ZERO : left.compareTo(backstop) < 0 ? left : backstop;
  }

  private JobStep.Result reconcile(String jobId, Optional<ObservedJob> hint) {
    try {
      Optional<Job> job = jobs.find(jobId);
      if (job.isEmpty()) {
        return new JobStep.Result(null, false, null);
      }
      // a pass's "no container" may be older than the job's row (started since the list): only a
      // container seen is taken from it; its absence is asked again, so no job is taken for lost
      Optional<ObservedJob> observed =
          hint != null && hint.isPresent() ? hint : runtime.observeJob(JobSpecs.key(job.get()));
      return step.run(job.get(), observed);
    } catch (EngineUnavailableException e) {
      engineOutage.warn(e);
      return new JobStep.Result(interval, false, null);
    } catch (RuntimeException e) {
      log.error("Reconciling job {} failed; retrying", jobId, e);
      return new JobStep.Result(interval, false, null);
    }
  }

  @Override
  public void start() {
    if (!enabled) {
      return;
    }
    queue.start(this::fullPass, interval);
  }

  @Override
  public void stop() {
    queue.stop(Duration.ofSeconds(10));
  }

  @Override
  public boolean isRunning() {
    return queue.running();
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
