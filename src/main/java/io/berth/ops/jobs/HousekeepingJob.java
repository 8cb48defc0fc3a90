package io.berth.ops.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Runs every {@link Housekeeper}; the run fails if any of them did, after all have had a go. */
@Component
class HousekeepingJob implements ScheduledJob {
  private final List<Housekeeper> housekeepers;
  private final JobsProperties properties;
  private final Clock clock;

  HousekeepingJob(
      ObjectProvider<Housekeeper> housekeepers, JobsProperties properties, Clock clock) {
    this.housekeepers = housekeepers.orderedStream().toList();
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "housekeeping";
  }

  @Override
  public String defaultCron() {
    return properties.housekeeping().schedule();
  }

  @Override
  public void run(JobLog log) {
    Instant now = clock.instant();
    int failed = 0;
    for (Housekeeper housekeeper : housekeepers) {
      try {
        log.info(housekeeper.name() + ": removed " + housekeeper.trim(now));
      } catch (Exception e) {
        failed++;
        log.error(housekeeper.name() + " failed: " + e.getMessage());
      }
    }
    if (failed > 0) {
      throw new IllegalStateException(
          failed + " of " + housekeepers.size() + " housekeepers failed");
    }
  }
}
