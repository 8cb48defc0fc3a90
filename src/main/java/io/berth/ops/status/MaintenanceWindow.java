package io.berth.ops.status;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A recurring window (start time, duration, time zone, days) in which checks still run and are
 * recorded but no alert is sent.
 */
record MaintenanceWindow(LocalTime start, Duration duration, ZoneId zone, Set<DayOfWeek> days) {

  boolean covers(Instant instant) {
    ZonedDateTime at = instant.atZone(zone);
    // a window that began yesterday may still be open
    for (int back = 0; back <= duration.toDays() + 1; back++) {
      ZonedDateTime begin = at.toLocalDate().minusDays(back).atTime(start).atZone(zone);
      if (days.contains(begin.getDayOfWeek())
          && !at.isBefore(begin)
          && at.isBefore(begin.plus(duration))) {
        return true;
      }
    }
    return false;
  }
}
