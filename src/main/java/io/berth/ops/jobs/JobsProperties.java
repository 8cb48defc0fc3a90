package io.berth.ops.jobs;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The scheduler: whether this process runs jobs, the zone cron expressions are read in, per-job
 * schedule overrides, when a job counts as stale, and what housekeeping keeps.
 */
@ConfigurationProperties("berth.jobs")
public record JobsProperties(
    Boolean enabled,
    String node,
    String timeZone,
    Map<String, String> schedules,
    Double staleAfterPeriods,
    Housekeeping housekeeping) {

  public JobsProperties {
    enabled = enabled == null || enabled;
    node = node == null || node.isBlank() ? defaultNode() : node;
    timeZone = timeZone == null || timeZone.isBlank() ? ZoneId.systemDefault().getId() : timeZone;
    schedules = schedules == null ? Map.of() : Map.copyOf(schedules);
    staleAfterPeriods = staleAfterPeriods == null ? 2.0 : staleAfterPeriods;
    housekeeping =
        housekeeping == null ? new Housekeeping(null, null, null, null, null, null) : housekeeping;
  }

  /**
   * The cron a job is given here, if any: under its name ({@code
   * berth.jobs.schedules.restore-drill}) or, as an environment variable's underscores reach the map
   * as dots ({@code BERTH_JOBS_SCHEDULES_RESTORE_DRILL}), under its name with dots for dashes.
   */
  public Optional<String> schedule(String job) {
    return Optional.ofNullable(schedules.get(job))
        .or(() -> Optional.ofNullable(schedules.get(job.replace('-', '.'))));
  }

  /** The keys of {@code schedules} that name none of {@code jobs} (in either spelling). */
  List<String> unknownSchedules(Collection<String> jobs) {
    Set<String> known = new HashSet<>();
    jobs.forEach(job -> {
      known.add(job);
      known.add(job.replace('-', '.'));
    });
    return schedules.keySet().stream().filter(key -> !known.contains(key)).sorted().toList();
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** What the housekeeping job keeps; everything beyond is removed. */
  public record Housekeeping(
      String schedule,
      Duration actionLogMaxAge,
      Integer actionLogKeepPerPod,
      Integer podLogMaxChars,
      Duration jobRunMaxAge,
      Integer jobRunKeepPerJob) {
    public Housekeeping {
      schedule = schedule == null || schedule.isBlank() ? "0 17 * * * *" : schedule;
      actionLogMaxAge = actionLogMaxAge == null ? Duration.ofDays(90) : actionLogMaxAge;
      actionLogKeepPerPod = actionLogKeepPerPod == null ? 1000 : actionLogKeepPerPod;
      podLogMaxChars = podLogMaxChars == null ? 10 * 1024 * 1024 : podLogMaxChars;
      jobRunMaxAge = jobRunMaxAge == null ? Duration.ofDays(30) : jobRunMaxAge;
      jobRunKeepPerJob = jobRunKeepPerJob == null ? 100 : jobRunKeepPerJob;
    }
  }

  private static String defaultNode() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return host + ":" + ProcessHandle.current().pid();
  }
}
