package io.berth.ops.jobs;

import java.time.Instant;
import org.springframework.stereotype.Component;

/** The job run history: runs older than the maximum age, beyond each job's newest ones. */
@Component
class JobRunTrimmer implements Housekeeper {
  private final JobHistory history;
  private final JobsProperties.Housekeeping settings;

  JobRunTrimmer(JobHistory history, JobsProperties properties) {
    this.history = history;
    this.settings = properties.housekeeping();
  }

  @Override
  public String name() {
    return "job runs older than " + settings.jobRunMaxAge().toDays() + " days";
  }

  @Override
  public long trim(Instant now) {
    return history.trim(now.minus(settings.jobRunMaxAge()), settings.jobRunKeepPerJob());
  }
}
