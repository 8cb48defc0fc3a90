package io.berth.ops.jobs;

import java.time.Duration;

/**
 * A job the scheduler runs on a cron schedule, once per scheduled instant across every Berth
 * process sharing the database. Features add jobs by declaring a bean of this type.
 */
public interface ScheduledJob {
  /** The scope of a job whose work is the same whichever process does it. */
  String WHOLE_SITE = "";

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

  /**
   * What this process's run covers when that differs between processes sharing the database (each
   * process's own {@code BERTH_HOME}, say): every instant then runs once per scope, not once for
   * the site. At most 64 characters.
   */
  default String scope() {
    return WHOLE_SITE;
  }

  /** A short stable digest of a scope, for names with a length limit. */
  static String scopeDigest(String scope) {
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(scope.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How long the lock is held at most if this process dies mid-run. */
  default Duration lockAtMostFor() {
    return Duration.ofMinutes(30);
  }
}
