package io.berth.snapshots;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Site rules for snapshot schedules: the shortest gap a {@code cron} may give between copies, and
 * how long a copy may stay CREATING before it counts as abandoned by a process that died taking it.
 */
@ConfigurationProperties("berth.snapshots")
public record SnapshotsProperties(Duration minScheduleInterval, Duration abandonAfter) {
  public SnapshotsProperties {
    minScheduleInterval =
        minScheduleInterval == null ? Duration.ofMinutes(15) : minScheduleInterval;
    abandonAfter = abandonAfter == null ? Duration.ofHours(6) : abandonAfter;
  }
}
