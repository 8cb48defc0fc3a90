package io.berth.ops.status;

import io.berth.ops.jobs.Housekeeper;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Status check and probe results older than berth.status.retention, for the housekeeping job. */
@Component
class StatusResultTrimmer implements Housekeeper {
  private final CheckResults results;
  private final StatusProperties properties;

  StatusResultTrimmer(CheckResults results, StatusProperties properties) {
    this.results = results;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "status results older than " + properties.retention().toDays() + " days";
  }

  @Override
  public long trim(Instant now) {
    return results.trim(now.minus(properties.retention()));
  }
}
