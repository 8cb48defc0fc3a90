package io.berth.ops.jobs;

import java.time.Duration;

/**
 * A job the scheduler runs on a cron schedule, once per scheduled instant across every Berth
 * process sharing the database. Features add jobs by declaring a bean of this type.
 */
public interface ScheduledJob {

  /** Lower-case letters, digits and dashes: the name in the history, metrics and the API. */
  String name();

  /**
   * A Spring cron expression (six fields, seconds first, e.g. {@code 0 0 2 * * *}); {@code -} turns
   * the job off. {@code berth.jobs.schedules.<name>} overrides it.
   */
  String defaultCron();

  /** Does the work; throwing marks the run failed, with the message in its log excerpt. */
  void run(JobLog log) throws Exception;

  /**
   * Called once when this process's scheduler takes the job on (it is not off): the job's own
   * metrics belong to this process from then on.
   */
  default void scheduledHere() {}

  /** How long the lock is held at most if this process dies mid-run. */
  default Duration lockAtMostFor() {
    return Duration.ofMinutes(30);
  }
}
