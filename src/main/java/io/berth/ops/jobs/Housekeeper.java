package io.berth.ops.jobs;

import java.time.Instant;

/**
 * Something that trims what is no longer kept (old log lines, history rows). The housekeeping job
 * runs every housekeeper on its schedule; a failing one does not stop the others.
 */
public interface Housekeeper {

  /** Shown in the housekeeping job's log. */
  String name();

  /** Removes what is too old or too much as of {@code now}; returns how many items went. */
  long trim(Instant now) throws Exception;
}
