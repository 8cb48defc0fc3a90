package io.berth.volumes;

import io.berth.ops.jobs.JobLog;
import io.berth.ops.jobs.JobScheduler;
import io.berth.ops.jobs.JobsProperties;
import io.berth.ops.jobs.ScheduledJob;
import io.berth.runtime.storage.ExistingStorage;
import io.berth.runtime.storage.VolumeStorage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Removes storage that no row needs ({@link StorageReferences}: volumes' {@code vol-}, snapshots'
 * {@code snap-}). {@link VolumeService#create} makes a volume's storage before the short
 * transaction that records it, and a snapshot's copy may be cut short, so a crash leaves storage
 * nobody can reach or delete. The sweep runs at start and every hour (job {@value #NAME}), in every
 * home ({@link #scope()}); it leaves storage changed within the grace ({@code
 * berth.volumes.orphan-grace}, an hour), so a create still in flight in another Berth process on
 * the same home keeps its storage: making it and waiting for the quota lock take seconds. Pod data
 * ({@code pod-}) has a life of its own and is not looked at.
 */
@Component
class OrphanStorageSweep implements ScheduledJob {
  private static final Logger log = LoggerFactory.getLogger(OrphanStorageSweep.class);
  static final String NAME = "orphan-storage";
  static final String METRIC = "berth.volumes.orphan.storage.removed";

  private final VolumeStorage storage;
  private final List<StorageReferences> kinds;
  private final Duration grace;
  private final Clock clock;
  private final Map<String, Counter> removed = new HashMap<>();
  private final ObjectProvider<JobScheduler> scheduler;
  private final boolean jobsHere;

  OrphanStorageSweep(
      VolumeStorage storage,
      List<StorageReferences> kinds,
      @Value("${berth.volumes.orphan-grace:1h}") Duration grace,
      Clock clock,
      MeterRegistry registry,
      ObjectProvider<JobScheduler> scheduler,
      JobsProperties jobs) {
    if (grace.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalStateException(
          "berth.volumes.orphan-grace must be at least a minute: a volume being created has its"
              + " storage before its row");
    }
    this.storage = storage;
    this.kinds = List.copyOf(kinds);
    this.grace = grace;
    this.clock = clock;
    this.scheduler = scheduler;
    this.jobsHere = jobs.enabled();
    for (StorageReferences kind : kinds) {
      removed.put(
          kind.prefix(),
          Counter.builder(METRIC)
              .description("Storages no row needed (left by a create or copy cut short), removed")
              .tag("kind", kind.kind())
              .register(registry));
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Each home's storage is swept by a process on it, not only the home of the lock's winner. */
  @Override
  public String scope() {
    return storage.scope();
  }

  @Override
  public String defaultCron() {
    return "0 43 * * * *";
  }

  @Override
  public void run(JobLog log) {
    sweep(clock.instant(), log);
  }

  /** At start, under the job's lock, unless this process runs no jobs or the job is off. */
  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    JobScheduler jobs = scheduler.getIfAvailable();
    if (jobsHere && jobs != null && jobs.entry(NAME).map(e -> !e.schedule().off()).orElse(false)) {
      try {
        jobs.runNow(NAME);
      } catch (RuntimeException e) {
        // Berth starts anyway (on a full disk the run cannot even be recorded): the hour retries
        log.warn("The orphaned-storage sweep at start did not run: {}", e.toString());
      }
    }
  }

  /** Removes the orphans as of {@code now}; answers how many went. */
  long sweep(Instant now, JobLog log) {
    long gone = 0;
    int failed = 0;
    for (StorageReferences kind : kinds) {
      // storage first, rows second: a row recorded in between is among the rows read
      List<ExistingStorage> present = storage.existing(kind.prefix());
      if (present.isEmpty()) {
        continue;
      }
      for (ExistingStorage orphan : orphans(present, kind.needed(now), now, grace)) {
        try {
          storage.delete(orphan.storageId());
          removed.get(kind.prefix()).increment();
          gone++;
          log.warn(
              "Removed storage "
                  + orphan.storageId()
                  + ", which no "
                  + kind.kind()
                  + " needs (last changed "
                  + orphan.lastChanged()
                  + "; a create or copy was cut short)");
        } catch (RuntimeException e) {
          failed++;
          log.error("Could not remove storage " + orphan.storageId() + ": " + e.getMessage());
        }
      }
    }
    if (failed > 0) {
      throw new IllegalStateException(failed + " orphaned storages could not be removed");
    }
    return gone;
  }

  /** What no row refers to and has not changed within the grace. */
  static List<ExistingStorage> orphans(
      List<ExistingStorage> present, Set<String> referenced, Instant now, Duration grace) {
    Instant settledBefore = now.minus(grace);
    return present.stream()
        .filter(s -> !referenced.contains(s.storageId()))
        .filter(s -> s.lastChanged().isBefore(settledBefore))
        .toList();
  }
}
