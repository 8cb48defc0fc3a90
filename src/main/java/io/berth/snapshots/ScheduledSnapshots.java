package io.berth.snapshots;

import io.berth.ops.jobs.JobLog;
import io.berth.ops.jobs.ScheduledJob;
import io.berth.volumes.Volume;
import io.berth.volumes.VolumeRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Takes the copies snapshot schedules ask for, level-triggered: each run (every minute by default,
 * {@code berth.jobs.schedules.snapshot-schedules}) looks for schedules whose next instant has come,
 * takes each run by moving the schedule's {@code next_run_ts} on in the database (one process wins
 * it, whatever the number of Berth processes), takes the copy under a name made of the schedule's
 * and the instant's (a second take of the same instant is refused by the key), and then prunes the
 * schedule's copies by its retention policy. Missed instants (Berth was down) give one copy, not a
 * burst. A process that dies mid-copy leaves a CREATING copy (or hand-made snapshot), removed once
 * it is older than {@code berth.snapshots.abandon-after}; that run is lost, the schedule goes on.
 */
@Component
class ScheduledSnapshots implements ScheduledJob {
  static final String NAME = "snapshot-schedules";
  private static final int BATCH = 100;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  /** A snapshot id is at most 64 characters; the stamp takes 14. */
  private static final int PREFIX = 64 - 14;

  private final SnapshotScheduleRepository schedules;
  private final SnapshotRepository snapshots;
  private final VolumeRepository volumes;
  private final SnapshotService service;
  private final SnapshotsProperties properties;
  private final Clock clock;

  ScheduledSnapshots(
      SnapshotScheduleRepository schedules,
      SnapshotRepository snapshots,
      VolumeRepository volumes,
      SnapshotService service,
      SnapshotsProperties properties,
      Clock clock) {
    this.schedules = schedules;
    this.snapshots = snapshots;
    this.volumes = volumes;
    this.service = service;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String defaultCron() {
    return "0 * * * * *";
  }

  @Override
  public Duration lockAtMostFor() {
    return Duration.ofMinutes(10);
  }

  @Override
  public void run(JobLog log) {
    Instant now = clock.instant();
    // its storage may be gone already (the orphan-storage sweep takes it after the same time): the
    // row must not stay CREATING for ever, so it goes with whatever is left of its storage
    for (Snapshot abandoned : snapshots.abandoned(now.minus(properties.abandonAfter()))) {
      service.remove(abandoned);
      log.warn(
          "removed snapshot "
              + abandoned.snapshotId()
              + " of tenant "
              + abandoned.tenant()
              + ", left CREATING by a process that died taking it");
    }
    int taken = 0;
    int failed = 0;
    for (SnapshotScheduleRepository.Due due : schedules.due(now, BATCH)) {
      Optional<Snapshot> schedule = snapshots.find(due.tenant(), due.snapshotId());
      Instant next = due.schedule().next(now).orElse(null); // instants missed meanwhile are skipped
      if (schedule.isEmpty()) {
        schedules.delete(due.tenant(), due.snapshotId()); // its snapshot is gone
        continue;
      }
      if (!schedules.claim(due, next)) {
        continue; // another process took this run
      }
      try {
        take(schedule.get(), due.runAt(), log);
        taken++;
      } catch (RuntimeException e) {
        failed++;
        log.error(
            "snapshot "
                + due.snapshotId()
                + " of tenant "
                + due.tenant()
                + ": no copy taken ("
                + e.getMessage()
                + ")");
      }
      prune(schedule.get(), now, log);
    }
    log.info(
        "took " + taken + " scheduled snapshot(s)" + (failed > 0 ? ", " + failed + " failed" : ""));
    if (failed > 0) {
      throw new IllegalStateException(failed + " scheduled snapshot(s) could not be taken");
    }
  }

  private void take(Snapshot schedule, Instant runAt, JobLog log) {
    Volume source =
        volumes
            .find(schedule.tenant(), schedule.sourceVolumeId())
            .orElseThrow(() ->
                new IllegalStateException("its volume " + schedule.sourceVolumeId() + " is gone"));
    String copyId = copyId(schedule.snapshotId(), runAt);
    service.takeScheduledCopy(schedule, source, copyId);
    log.info("took " + copyId + " of tenant " + schedule.tenant());
  }

  private void prune(Snapshot schedule, Instant now, JobLog log) {
    RetentionPolicy policy =
        schedules
            .find(schedule.tenant(), schedule.snapshotId())
            .map(SnapshotSchedule::retention)
            .orElse(RetentionPolicy.KEEP_ALL);
    for (Snapshot old :
        policy.expired(snapshots.copiesOf(schedule.tenant(), schedule.snapshotId()), now)) {
      service.remove(old);
      log.info(
          "pruned " + old.snapshotId() + " of tenant " + old.tenant() + " (" + policy.text() + ")");
    }
  }

  /** The copy's name: the schedule's (cut to fit) and the instant it was due, in UTC. */
  static String copyId(String scheduleId, Instant runAt) {
    String prefix = scheduleId.length() > PREFIX ? scheduleId.substring(0, PREFIX) : scheduleId;
    return prefix + STAMP.format(runAt);
  }
}
